import Foundation
import Testing
import XMLSecurity

/// What an admin sees about a pinned certificate, compared with `openssl x509`.
@Suite struct X509CertificateTests {
    static let credentials: [TestCredential] = [.idpRSA, .idpECDSA, .attackerRSA, .idpRSA1024, .spSigning]

    /// Reads `key=value` lines as printed by `openssl x509 -noout`.
    static func opensslFields(_ credential: TestCredential) throws -> [String: String] {
        let output = try ExternalTool.openssl.runExpectingSuccess([
            "x509", "-in", credential.certificatePath, "-noout", "-subject", "-dates", "-dateopt", "iso_8601", "-fingerprint", "-sha256",
            "-nameopt", "RFC2253",
        ]).stdoutText
        var fields: [String: String] = [:]
        for line in output.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            fields[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return fields
    }

    /// `2026-11-25 20:34:56Z`, as `-dateopt iso_8601` prints it.
    static func date(_ text: String) throws -> Date {
        let formatter = ISO8601DateFormatter()
        return try #require(formatter.date(from: text.replacingOccurrences(of: " ", with: "T")), "unparseable date \(text)")
    }

    @Test(arguments: credentials.map(\.name))
    func fieldsMatchOpenSSL(_ name: String) throws {
        let credential = TestCredential(name: name)
        let certificate = try credential.certificate
        let fields = try Self.opensslFields(credential)
        #expect(certificate.subject == fields["subject"])
        #expect(certificate.sha256Fingerprint == fields["sha256 Fingerprint"])
        #expect(try certificate.notBefore == Self.date(#require(fields["notBefore"])))
        #expect(try certificate.notAfter == Self.date(#require(fields["notAfter"])))
    }

    @Test func subjectEscapesSpecialCharactersAsRFC2253() throws {
        #expect(try TestCredential.idpRSA.certificate.subject == "CN=Gatehouse test IdP RSA (test key\\, do not trust),O=Gatehouse TEST ONLY")
    }

    @Test(arguments: credentials.map(\.name))
    func derMatchesOpenSSL(_ name: String) throws {
        let credential = TestCredential(name: name)
        let der = try ExternalTool.openssl.runExpectingSuccess(["x509", "-in", credential.certificatePath, "-outform", "DER"]).stdout
        let certificate = try credential.certificate
        #expect(certificate.der == der)
        #expect(try X509Certificate(der: der).sha256Fingerprint == certificate.sha256Fingerprint)
        #expect(try X509Certificate(base64: certificate.base64).der == der)
        #expect(try X509Certificate(pem: certificate.pem).der == der)
    }

    @Test func bundleOfTwo() throws {
        let bundle = try TestCredential.idpRSA.certificatePEM + "\n" + TestCredential.idpECDSA.certificatePEM
        let certificates = try X509Certificate.all(pem: bundle)
        #expect(certificates.count == 2)
        #expect(
            try certificates.map(\.sha256Fingerprint) == [
                TestCredential.idpRSA.certificate.sha256Fingerprint, TestCredential.idpECDSA.certificate.sha256Fingerprint,
            ])
        #expect(certificates.map(\.publicKey.summary) == ["RSA-2048", "EC prime256v1"])
        // The single-certificate initialiser takes the first of a bundle.
        #expect(try X509Certificate(pem: bundle).sha256Fingerprint == certificates[0].sha256Fingerprint)
    }

    @Test func base64ToleratesXMLWhitespace() throws {
        let base64 = try TestCredential.idpRSA.certificate.base64
        var wrapped = ""
        for (index, character) in base64.enumerated() {
            if index % 64 == 0 { wrapped += "\n      " }
            wrapped.append(character)
        }
        #expect(try X509Certificate(base64: wrapped + "\n").der == TestCredential.idpRSA.certificate.der)
    }

    @Test func invalidInputsAreRefused() throws {
        expectError(.certificateInvalid) { try X509Certificate.all(pem: "no certificate here") }
        expectError(.certificateInvalid) { try X509Certificate(pem: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n") }
        expectError(.certificateInvalid) { try X509Certificate(pem: TestCredential.idpRSA.keyPEM) }
        expectError(.certificateInvalid) { try X509Certificate(base64: "MIIB*") }
        expectError(.certificateInvalid) { try X509Certificate(der: [0x30, 0x03, 0x02, 0x01, 0x00]) }
        expectError(.certificateInvalid) { try X509Certificate(der: []) }
    }

    @Test func fixtureCertificatesParse() throws {
        for fixture in SAMLFixture.all {
            let certificate = try fixture.certificate
            #expect(certificate.der.count > 300, "\(fixture.name)")
            #expect(certificate.notBefore != nil && certificate.notAfter != nil)
        }
    }
}
