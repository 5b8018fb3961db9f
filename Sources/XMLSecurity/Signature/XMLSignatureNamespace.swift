/// Namespace URIs of XML Signature and XML Encryption (static: element names are matched against them).
public enum XMLSignatureNamespace {
    public static let dsig: StaticString = "http://www.w3.org/2000/09/xmldsig#"
    public static let exclusiveC14N: StaticString = "http://www.w3.org/2001/10/xml-exc-c14n#"
    public static let xmlenc: StaticString = "http://www.w3.org/2001/04/xmlenc#"
    public static let xmlenc11: StaticString = "http://www.w3.org/2009/xmlenc11#"

    /// The enveloped-signature transform's algorithm URI.
    public static let envelopedSignatureTransform = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
}
