/// Namespace URIs of XML Signature and XML Encryption.
public enum XMLSignatureNamespace {
    public static let dsig = "http://www.w3.org/2000/09/xmldsig#"
    public static let dsig11 = "http://www.w3.org/2009/xmldsig11#"
    public static let exclusiveC14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
    public static let xmlenc = "http://www.w3.org/2001/04/xmlenc#"
    public static let xmlenc11 = "http://www.w3.org/2009/xmlenc11#"

    public static let envelopedSignatureTransform = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
}
