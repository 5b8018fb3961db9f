import Foundation

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
