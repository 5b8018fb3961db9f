import XMLSecurity

/// The `md:KeyDescriptor` element both SP and (test) IdP metadata publish a certificate in.
enum KeyDescriptorXML {
    /// Indented by `indent` spaces; assumes the `md` and `ds` prefixes are declared by the caller.
    static func xml(use: String, certificate: X509Certificate, indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        return [
            "<md:KeyDescriptor use=\"\(use)\">",
            "  <ds:KeyInfo>",
            "    <ds:X509Data>",
            "      <ds:X509Certificate>\(certificate.base64)</ds:X509Certificate>",
            "    </ds:X509Data>",
            "  </ds:KeyInfo>",
            "</md:KeyDescriptor>",
        ].map { pad + $0 }.joined(separator: "\n")
    }
}
