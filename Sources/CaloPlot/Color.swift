/// An sRGB colour with alpha, components in 0...1.
public struct Color: Sendable, Equatable {
    public var red: Double
    public var green: Double
    public var blue: Double
    public var alpha: Double

    public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// From a 0xRRGGBB literal.
    public init(hex: UInt32, alpha: Double = 1) {
        self.init(red: Double((hex >> 16) & 0xFF) / 255, green: Double((hex >> 8) & 0xFF) / 255,
                  blue: Double(hex & 0xFF) / 255, alpha: alpha)
    }

    public func with(alpha a: Double) -> Color { Color(red: red, green: green, blue: blue, alpha: a) }

    /// Linear mix: self at t = 0, other at t = 1.
    public func mixed(with other: Color, _ t: Double) -> Color {
        Color(red: red + (other.red - red) * t, green: green + (other.green - green) * t,
              blue: blue + (other.blue - blue) * t, alpha: alpha + (other.alpha - alpha) * t)
    }

    public static let black = Color(hex: 0x000000)
    public static let white = Color(hex: 0xFFFFFF)
    public static let grey = Color(hex: 0x808080)
    public static let lightGrey = Color(hex: 0xD0D0D0)
    /// Reference: a filled histogram in light blue with a darker outline.
    public static let referenceFill = Color(hex: 0x9ECAE1)
    public static let referenceLine = Color(hex: 0x3182BD)
    /// Generated: a red line with error bars.
    public static let generated = Color(hex: 0xD62728)
    /// Further series (training curves): a colour-blind-safe cycle.
    public static let cycle: [Color] = [Color(hex: 0x1F77B4), Color(hex: 0xD62728), Color(hex: 0x2CA02C),
                                        Color(hex: 0xFF7F0E), Color(hex: 0x9467BD), Color(hex: 0x8C564B)]
}

/// Colour maps for heatmaps.
public enum ColorMap: Sendable {
    /// Perceptually uniform dark blue -> green -> yellow (matplotlib's viridis, 9 stops).
    case viridis
    /// Blue -> white -> red around the middle, for ratios.
    case diverging

    /// The colour at t in 0...1.
    public func color(_ t: Double) -> Color {
        let x = min(1, max(0, t.isNaN ? 0 : t))
        let stops: [UInt32]
        switch self {
        case .viridis:
            stops = [0x440154, 0x472D7B, 0x3B528B, 0x2C728E, 0x21918C, 0x28AE80, 0x5EC962, 0xADDC30, 0xFDE725]
        case .diverging:
            stops = [0x2166AC, 0x4393C3, 0x92C5DE, 0xD1E5F0, 0xF7F7F7, 0xFDDBC7, 0xF4A582, 0xD6604D, 0xB2182B]
        }
        let u = x * Double(stops.count - 1)
        let i = min(stops.count - 2, Int(u))
        return Color(hex: stops[i]).mixed(with: Color(hex: stops[i + 1]), u - Double(i))
    }
}
