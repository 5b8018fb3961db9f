import Foundation
import XMLSecurity

/// Builds `xenc:EncryptedData` documents two independent ways: xmlsec1 filling in a template, and
/// the openssl CLI for what xmlsec1 1.2.37 cannot produce (xmlenc11 rsa-oaep with SHA-2, chosen
/// padding bytes, several recipients).
enum XMLEncryptionBuilder {
    static let xenc = "http://www.w3.org/2001/04/xmlenc#"
    static let xenc11 = "http://www.w3.org/2009/xmlenc11#"
    static let dsig = "http://www.w3.org/2000/09/xmldsig#"
    static let rsaOAEPMGF1P = "\(xenc)rsa-oaep-mgf1p"
    static let rsaOAEP = "\(xenc11)rsa-oaep"
    static let rsa15 = "\(xenc)rsa-1_5"

    /// The element that gets encrypted: on one line with its namespace declared on itself, so its
    /// serialization by xmlsec1 is byte-identical to this text.
    static let plaintext =
        "<saml:Assertion xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_enc1\" Version=\"2.0\"><saml:Issuer>https://idp.example.com</saml:Issuer>"
        + "<saml:Subject><saml:NameID>bob@example.com &amp; \u{E9}</saml:NameID></saml:Subject></saml:Assertion>"

    /// An xmlsec1 encryption template with one EncryptedKey in KeyInfo.
    static func template(content: String, keyTransport: String = rsaOAEPMGF1P, keyTransportChildren: String = "") -> String {
        """
        <xenc:EncryptedData xmlns:xenc="\(xenc)" xmlns:ds="\(dsig)" Type="\(xenc)Element">\
        <xenc:EncryptionMethod Algorithm="\(content)"/><ds:KeyInfo><xenc:EncryptedKey>\
        <xenc:EncryptionMethod Algorithm="\(keyTransport)">\(keyTransportChildren)</xenc:EncryptionMethod>\
        <xenc:CipherData><xenc:CipherValue/></xenc:CipherData></xenc:EncryptedKey></ds:KeyInfo>\
        <xenc:CipherData><xenc:CipherValue/></xenc:CipherData></xenc:EncryptedData>
        """
    }

    /// Encrypts ``plaintext`` with xmlsec1 to `recipient`'s certificate; `sessionKey` is xmlsec1's
    /// `--session-key` value (`aes-128`, `aes-256`, `des-192`).
    static func xmlsecEncrypt(_ template: String, sessionKey: String, recipient: TestCredential = .spSigning) throws -> [UInt8] {
        try TemporaryDirectory.with { directory in
            let templatePath = try directory.write(template, to: "template.xml")
            let dataPath = try directory.write(plaintext, to: "data.xml")
            let output = directory.file("encrypted.xml").path
            try ExternalTool.xmlsec1.runExpectingSuccess([
                "--encrypt", "--pubkey-cert-pem", recipient.certificatePath, "--session-key", sessionKey, "--xml-data", dataPath,
                "--node-name", "urn:oasis:names:tc:SAML:2.0:assertion:Assertion", "--output", output, templatePath,
            ])
            return try directory.read("encrypted.xml")
        }
    }

    /// Wraps `key` for `recipient` with `openssl pkeyutl` RSA-OAEP.
    static func opensslWrap(_ key: [UInt8], for recipient: TestCredential, digest: String, mgf1: String, labelHex: String? = nil) throws -> [UInt8] {
        try TemporaryDirectory.with { directory in
            let keyPath = try directory.write(key, to: "key.bin")
            let output = directory.file("wrapped.bin").path
            var arguments = [
                "pkeyutl", "-encrypt", "-certin", "-inkey", recipient.certificatePath, "-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt",
                "rsa_oaep_md:\(digest)", "-pkeyopt", "rsa_mgf1_md:\(mgf1)", "-in", keyPath, "-out", output,
            ]
            if let labelHex { arguments += ["-pkeyopt", "rsa_oaep_label:\(labelHex)"] }
            try ExternalTool.openssl.runExpectingSuccess(arguments)
            return try directory.read("wrapped.bin")
        }
    }

    /// AES-CBC with `openssl enc`; `padded` is given whole (with -nopad), so tests choose the padding bytes.
    static func opensslCBC(_ padded: [UInt8], key: [UInt8], iv: [UInt8]) throws -> [UInt8] {
        let hex = { (bytes: [UInt8]) in bytes.map { String(format: "%02x", $0) }.joined() }
        let cipher = "-aes-\(key.count * 8)-cbc"
        let result = try ExternalTool.openssl.runExpectingSuccess(["enc", cipher, "-nopad", "-K", hex(key), "-iv", hex(iv)], stdin: padded)
        return iv + result.stdout
    }

    /// XML Encryption padding (xmlenc-core 5.2): any bytes, the last one giving the pad length.
    static func xmlencPad(_ bytes: [UInt8], filler: UInt8 = 0xA5) -> [UInt8] {
        let count = 16 - bytes.count % 16
        return bytes + [UInt8](repeating: filler, count: count - 1) + [UInt8(count)]
    }

    static func encryptedKey(_ wrapped: [UInt8], method: String = rsaOAEP, children: String) -> String {
        """
        <xenc:EncryptedKey xmlns:xenc="\(xenc)" xmlns:ds="\(dsig)" xmlns:xenc11="\(xenc11)">\
        <xenc:EncryptionMethod Algorithm="\(method)">\(children)</xenc:EncryptionMethod>\
        <xenc:CipherData><xenc:CipherValue>\(Base64.encode(wrapped))</xenc:CipherValue></xenc:CipherData></xenc:EncryptedKey>
        """
    }

    static func encryptedData(content: String, cipherData: String, keyInfo: String, type: String = "\(xenc)Element") -> String {
        """
        <xenc:EncryptedData xmlns:xenc="\(xenc)" xmlns:ds="\(dsig)" Type="\(type)"><xenc:EncryptionMethod Algorithm="\(content)"/>\
        \(keyInfo)<xenc:CipherData>\(cipherData)</xenc:CipherData></xenc:EncryptedData>
        """
    }

    static func cipherValue(_ bytes: [UInt8]) -> String {
        "<xenc:CipherValue>\(Base64.encode(bytes))</xenc:CipherValue>"
    }
}
