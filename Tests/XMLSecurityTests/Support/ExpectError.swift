import Testing
import XMLSecurity

/// Expects `body` to fail with exactly `code`. Every refusal in XMLSecurity is asserted by its stable
/// code, so a check that starts failing for a different reason is caught.
func expectError<R>(
    _ code: XMLSecurityError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> R
) {
    do {
        _ = try body()
        Issue.record("Expected \(code.rawValue), but the call succeeded.", sourceLocation: sourceLocation)
    } catch let error as XMLSecurityError {
        #expect(error.code == code, "Expected \(code.rawValue), got \(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("Expected XMLSecurityError \(code.rawValue), got \(error)", sourceLocation: sourceLocation)
    }
}

extension String {
    var bytes: [UInt8] { Array(utf8) }
}
