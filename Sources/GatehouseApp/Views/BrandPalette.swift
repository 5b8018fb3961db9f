import Foundation

/// The colours of `brand.css`, derived from the configured brand colours so that every text meets WCAG 2.2 AA
/// contrast (4.5:1, success criterion 1.4.3) whatever an operator configures: a brand colour too light for
/// links on the page's background is darkened (lightened in the dark scheme) just enough, and text on the brand
/// colour (buttons, badges) is white or near-black, whichever contrasts more, the brand darkened if neither does.
struct BrandPalette: Equatable {
    /// The backgrounds of gatehouse.css, light and dark: links must stand out on the page and on its surfaces.
    static let lightBackgrounds = [RGB(0xFFFFFF), RGB(0xF4F6F8)]
    static let darkBackgrounds = [RGB(0x121418), RGB(0x1B1E23)]
    static let minimum = 4.5

    let brand: RGB
    let onBrand: RGB
    let accent: RGB
    let lightLink: RGB
    let darkLink: RGB

    init(primary: RGB, accent: RGB) {
        let white = RGB(0xFFFFFF)
        let ink = RGB(0x111318)
        var brand = primary
        for step in 0...20 where max(brand.contrast(with: white), brand.contrast(with: ink)) < Self.minimum {
            brand = primary.mixed(with: RGB(0), by: Double(step) / 20)
        }
        self.brand = brand
        onBrand = brand.contrast(with: white) >= brand.contrast(with: ink) ? white : ink
        self.accent = accent
        lightLink = Self.adjusted(primary, toward: RGB(0), against: Self.lightBackgrounds)
        darkLink = Self.adjusted(primary, toward: white, against: Self.darkBackgrounds)
    }

    /// The first of `colour` mixed toward `target` by 0 %, 5 %, … 100 % that reaches 4.5:1 on every background
    /// (black on the light backgrounds and white on the dark ones do, so one always does).
    static func adjusted(_ colour: RGB, toward target: RGB, against backgrounds: [RGB]) -> RGB {
        for step in 0...20 {
            let candidate = colour.mixed(with: target, by: Double(step) / 20)
            if !backgrounds.contains(where: { candidate.contrast(with: $0) < minimum }) { return candidate }
        }
        return target
    }

    var css: String {
        """
        :root { --brand: \(brand.hex); --on-brand: \(onBrand.hex); --accent: \(accent.hex); --link: \(lightLink.hex); }
        @media (prefers-color-scheme: dark) { :root { --link: \(darkLink.hex); } }

        """
    }
}

/// An sRGB colour, parsed from `#rgb` / `#rrggbb` (what the configuration accepts).
struct RGB: Equatable {
    let red: Double
    let green: Double
    let blue: Double

    init(_ value: UInt32) {
        red = Double((value >> 16) & 0xFF)
        green = Double((value >> 8) & 0xFF)
        blue = Double(value & 0xFF)
    }

    init(red: Double, green: Double, blue: Double) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    init?(hex: String) {
        var digits = hex.hasPrefix("#") ? String(hex.dropFirst()) : hex
        if digits.count == 3 { digits = digits.map { "\($0)\($0)" }.joined() }
        guard digits.count == 6, let value = UInt32(digits, radix: 16) else { return nil }
        self.init(value)
    }

    var hex: String {
        let value = (UInt32(red.rounded()) << 16) | (UInt32(green.rounded()) << 8) | UInt32(blue.rounded())
        let text = String(value, radix: 16)
        return "#" + String(repeating: "0", count: 6 - text.count) + text
    }

    /// Relative luminance (WCAG 2.2, "relative luminance").
    var luminance: Double {
        func linear(_ channel: Double) -> Double {
            let c = channel / 255
            return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    func contrast(with other: RGB) -> Double {
        let (a, b) = (luminance, other.luminance)
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }

    func mixed(with other: RGB, by fraction: Double) -> RGB {
        RGB(
            red: red + (other.red - red) * fraction, green: green + (other.green - green) * fraction,
            blue: blue + (other.blue - blue) * fraction)
    }
}
