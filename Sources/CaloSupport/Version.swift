/// calosim's version, written into every file it produces.
public enum CalosimVersion {
    public static let string = "0.1.0"
}
