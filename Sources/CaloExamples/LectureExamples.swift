/// The lecture's systems that `calosim examples NAME` runs, by name.
public enum LectureExamples {
    /// Every example, in the order `calosim examples --help` lists them.
    public static let all: [LectureExample] = [
        shapes,
        dcgan,
        pivot,
        cwola,
    ]

    /// The example called `name`, or nil.
    public static func named(_ name: String) -> LectureExample? {
        all.first { $0.name == name }
    }
}
