import XMLSecurity

/// This SP as the SAML layer needs to know it.
public struct ServiceProvider: Sendable {
    /// Our entityID: the value every assertion's Audience must contain.
    public var entityID: String
    /// Our Assertion Consumer Service URL: the Response Destination and the bearer Recipient.
    public var assertionConsumerServiceURL: String
    /// Decrypts `EncryptedAssertion`s; `nil` means encrypted assertions are refused.
    public var decryptor: XMLDecryptor?
    /// Signs AuthnRequests and is published in our metadata; optional.
    public var signingKey: PrivateKey?
    public var signingCertificate: X509Certificate?
    /// Published in our metadata as the encryption certificate, when we can decrypt.
    public var encryptionCertificate: X509Certificate?
    /// NameID formats we ask for, in order of preference.
    public var nameIDFormats: [String]

    public init(
        entityID: String, assertionConsumerServiceURL: String, decryptor: XMLDecryptor? = nil, signingKey: PrivateKey? = nil,
        signingCertificate: X509Certificate? = nil, encryptionCertificate: X509Certificate? = nil,
        nameIDFormats: [String] = [SAMLIdentifier.emailNameIDFormat, SAMLIdentifier.persistentNameIDFormat]
    ) {
        self.entityID = entityID
        self.assertionConsumerServiceURL = assertionConsumerServiceURL
        self.decryptor = decryptor
        self.signingKey = signingKey
        self.signingCertificate = signingCertificate
        self.encryptionCertificate = encryptionCertificate
        self.nameIDFormats = nameIDFormats
    }
}
