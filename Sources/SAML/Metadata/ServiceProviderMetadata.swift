import Foundation
import XMLSecurity

/// Our SP metadata (saml-metadata 2.4.4), what an IdP admin imports to configure the app.
public enum ServiceProviderMetadata {
    /// The `md:EntityDescriptor` for `serviceProvider`.
    ///
    /// Advertises `WantAssertionsSigned="true"` — responses whose assertion is covered only by a
    /// Response signature are still accepted, as saml-core allows — and `AuthnRequestsSigned` when a
    /// signing key is configured.
    public static func xml(for serviceProvider: ServiceProvider, validUntil: Date? = nil) -> String {
        let sp = serviceProvider
        var lines: [String] = []
        let validity = validUntil.map { " validUntil=\"\(SAMLDateTime.format($0))\"" } ?? ""
        lines.append(
            "<md:EntityDescriptor xmlns:md=\"\(SAMLNamespace.metadata)\" xmlns:ds=\"\(XMLSignatureNamespace.dsig)\" entityID=\"\(XMLText.escaped(sp.entityID))\"\(validity)>"
        )
        lines.append(
            "  <md:SPSSODescriptor AuthnRequestsSigned=\"\(sp.signingKey != nil)\" WantAssertionsSigned=\"true\" protocolSupportEnumeration=\"\(SAMLIdentifier.protocolSupport)\">"
        )
        if let certificate = sp.signingCertificate {
            lines.append(KeyDescriptorXML.xml(use: "signing", certificate: certificate, indent: 4))
        }
        if let certificate = sp.encryptionCertificate {
            lines.append(KeyDescriptorXML.xml(use: "encryption", certificate: certificate, indent: 4))
        }
        for format in sp.nameIDFormats {
            lines.append("    <md:NameIDFormat>\(XMLText.escaped(format))</md:NameIDFormat>")
        }
        lines.append(
            "    <md:AssertionConsumerService Binding=\"\(SAMLIdentifier.httpPostBinding)\" Location=\"\(XMLText.escaped(sp.assertionConsumerServiceURL))\" index=\"0\" isDefault=\"true\"/>"
        )
        lines.append("  </md:SPSSODescriptor>")
        lines.append("</md:EntityDescriptor>")
        return lines.joined(separator: "\n") + "\n"
    }
}
