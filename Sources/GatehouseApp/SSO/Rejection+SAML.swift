import GatehouseCore
import SAML

extension Rejection {
    /// A SAML refusal as the rest of Gatehouse reports it: the stable code, the public summary, the detail.
    init(_ error: SAMLError) {
        // Every SAMLError code is `saml.` + snake_case (checked by the SAML tests), so this never fails.
        self.init(code: ReasonCode(error.code.rawValue)!, summary: error.code.summary, detail: error.message)
    }
}
