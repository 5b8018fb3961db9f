import Foundation
import Hummingbird

/// The files under `/static/`: read once at startup, plus `brand.css`, generated from the branding
/// colours (validated as `#rgb`/`#rrggbb` by the configuration, so nothing else reaches the CSS).
struct StaticAssets: Sendable {
    struct Asset: Sendable {
        let contentType: String
        /// Built once; each response shares the bytes.
        let body: ByteBuffer

        init(contentType: String, body: String) {
            self.contentType = contentType
            self.body = ByteBuffer(string: body)
        }
    }

    let stylesheetPath = "/static/gatehouse.css"
    let brandStylesheetPath = "/static/brand.css"
    let files: [String: Asset]

    init(directory: URL, branding: GatehouseConfiguration.Branding) throws(ConfigurationError) {
        var files: [String: Asset] = [:]
        for (name, type) in [
            ("gatehouse.css", "text/css; charset=utf-8"), ("saml-post.js", "text/javascript; charset=utf-8"), ("logo.svg", "image/svg+xml"),
            ("favicon.svg", "image/svg+xml"),
        ] {
            guard let text = try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8) else {
                throw ConfigurationError(key: "", "Resources/Static/\(name) is missing from the GatehouseApp resources")
            }
            files["/static/" + name] = Asset(contentType: type, body: text)
        }
        files[brandStylesheetPath] = Asset(
            contentType: "text/css; charset=utf-8",
            body: BrandPalette(primary: RGB(hex: branding.primaryColor) ?? RGB(0x1F5FBF), accent: RGB(hex: branding.accentColor) ?? RGB(0x0B7A55)).css
        )
        self.files = files
    }

    subscript(path: String) -> Asset? { files[path] }
}
