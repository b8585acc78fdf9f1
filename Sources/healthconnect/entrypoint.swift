import App
import Vapor
import Foundation

/// `healthconnect [serve|migrate|routes] …`: see the README's command list.
@main
enum Entrypoint {
    static func main() async {
        let status = await Application.runHealthConnect(
            environment: ProcessInfo.processInfo.environment,
            arguments: CommandLine.arguments
        )
        exit(status)
    }
}
