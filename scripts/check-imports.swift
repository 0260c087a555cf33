// Checks that Package.swift declares exactly the module graph the sources use: every module of
// this package that a target's files import is one of that target's declared dependencies, and
// every declared dependency on a module of this package is imported by one of its files.
//
// SwiftPM's `--explicit-target-dependency-import-check error` (in the test command) accepts a
// module reached through another dependency; this check accepts only direct declarations.
//
// Usage, from the repository root:  swift scripts/check-imports.swift
import Foundation

struct Target {
    let name: String
    let folder: String
    let declared: Set<String>
    let isExecutable: Bool
}

/// The package's targets as `swift package dump-package` describes them.
func targets() throws -> [Target] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["swift", "package", "dump-package"]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0,
          let package = try JSONSerialization.jsonObject(with: data) as? [String: Any],
          let list = package["targets"] as? [[String: Any]] else {
        throw NSError(domain: "check-imports", code: 1,
                      userInfo: [NSLocalizedDescriptionKey: "swift package dump-package failed"])
    }
    return list.compactMap { t in
        guard let name = t["name"] as? String, let type = t["type"] as? String else { return nil }
        let folder = (t["path"] as? String) ?? (type == "test" ? "Tests/\(name)" : "Sources/\(name)")
        var declared = Set<String>()
        for dependency in t["dependencies"] as? [[String: Any]] ?? [] {
            // {"byName": [name, condition]}, {"target": [name, condition]}; products are external.
            for key in ["byName", "target"] {
                if let value = dependency[key] as? [Any], let dep = value.first as? String { declared.insert(dep) }
            }
        }
        return Target(name: name, folder: folder, declared: declared, isExecutable: type == "executable")
    }
}

/// Module names after `import` in the Swift files below `folder` (attributes and kinds allowed),
/// and, for C files, the target whose public header (`include/`) an `#include "..."` names.
func imports(in folder: String, headerOwners: [String: String]) -> [String: [String]] {
    var found: [String: [String]] = [:]
    guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return found }
    let files = enumerator.compactMap { $0 as? String }
    let pattern = try! NSRegularExpression(
        pattern: #"^\s*(?:@[A-Za-z_]+\s+)*(?:(?:public|package|internal|fileprivate|private)\s+)?import\s+(?:(?:struct|class|enum|protocol|typealias|func|var|let)\s+)?([A-Za-z_][A-Za-z0-9_]*)"#,
        options: [.anchorsMatchLines])
    let include = try! NSRegularExpression(pattern: #"^\s*#\s*include\s+"([^"]+)""#, options: [.anchorsMatchLines])
    for file in files where file.hasSuffix(".c") || file.hasSuffix(".h") {
        guard let text = try? String(contentsOfFile: folder + "/" + file, encoding: .utf8) else { continue }
        for match in include.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            if let r = Range(match.range(at: 1), in: text), let owner = headerOwners[String(text[r])] {
                found[owner, default: []].append(file)
            }
        }
    }
    for file in files where file.hasSuffix(".swift") {
        guard let text = try? String(contentsOfFile: folder + "/" + file, encoding: .utf8) else { continue }
        let range = NSRange(text.startIndex..., in: text)
        for match in pattern.matches(in: text, range: range) {
            if let r = Range(match.range(at: 1), in: text) { found[String(text[r]), default: []].append(file) }
        }
    }
    return found
}

let all = try targets()
let names = Set(all.map(\.name))
// Executables are declared by test targets that run them (so that `swift test` builds them), not imported.
let executables = Set(all.filter { $0.isExecutable }.map(\.name))
var headerOwners: [String: String] = [:]
for target in all {
    for header in (try? FileManager.default.contentsOfDirectory(atPath: target.folder + "/include")) ?? [] {
        headerOwners[header] = target.name
    }
}
var problems: [String] = []
for target in all {
    let used = imports(in: target.folder, headerOwners: headerOwners).filter { names.contains($0.key) && $0.key != target.name }
    for (module, files) in used.sorted(by: { $0.key < $1.key }) where !target.declared.contains(module) {
        problems.append("\(target.name) imports \(module) (\(files.sorted().joined(separator: ", "))) without declaring it")
    }
    for module in target.declared.sorted() where names.contains(module) && used[module] == nil
        && !executables.contains(module) {
        problems.append("\(target.name) declares \(module) but none of its files imports it")
    }
}
if problems.isEmpty {
    print("check-imports: \(all.count) targets, every import declared and every declared module imported")
} else {
    problems.forEach { print("check-imports: \($0)") }
    exit(1)
}
