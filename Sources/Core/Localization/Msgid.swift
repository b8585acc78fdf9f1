/// Marks an English string as a UI message to translate later (gettext's `N_`): returns it unchanged.
///
/// Errors and tables carry msgids, not translations; the catalog test finds every literal passed
/// to this function or to `Localizer.t` and fails when a catalog lacks it.
@inline(__always)
public func msgid(_ english: String) -> String { english }
