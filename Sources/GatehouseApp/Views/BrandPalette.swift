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
