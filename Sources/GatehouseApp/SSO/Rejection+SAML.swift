import GatehouseCore
import SAML

extension Rejection {
    /// A SAML refusal as the rest of Gatehouse reports it: the stable code, the public summary, the detail.
    public init(_ error: SAMLError) {
        // Every SAMLError code is `saml.` + snake_case (checked by the SAML tests), so this never fails.
        self.init(code: ReasonCode(error.code.rawValue)!, summary: error.code.summary, detail: error.message)
    }

    /// A refusal with `code`, whose public summary comes from the SAML or the gateway catalog.
    static func refusing(_ code: ReasonCode, _ detail: String) -> Rejection {
        Rejection(code: code, summary: SAMLError.Code(rawValue: code.rawValue)?.summary ?? Reasons.summary(of: code), detail: detail)
    }
}
