/// Comparisons whose duration does not reveal where two secrets differ.
public enum ConstantTime {
    /// Whether `a` and `b` hold the same bytes; takes the same time for every pair of equal length.
    public static func equals(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
