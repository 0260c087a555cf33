import Foundation

extension Geometry {
    /// Reads a geometry from its JSON text, validating every value.
    ///
    /// Format (lengths in mm, densities in g/cm^3):
    /// ```
    /// { "name": "calogan", "description": "...",
    ///   "materials": { "Mix": { "densityGPerCm3": 8.28, "atoms": { "Pb": 1, "W": 1, "O": 4 } } },
    ///   "transverse": { "widthMM": 1000, "heightMM": 1000 },
    ///   "stack": { "period": [ { "material": "Pb", "thicknessMM": 2 },
    ///                          { "material": "LAr", "thicknessMM": 4, "active": true } ],
    ///              "repeat": 80 },                       // or { "slabs": [ ... ] }
    ///   "layers": [ { "zMM": [0, 90], "scoring": "all",  // or "active"
    ///                 "cells": { "rows": 3, "cols": 96, "heightMM": 160, "widthMM": 5 } } ] }
    /// ```
    /// `materials` is optional: built-in names (`Material.knownNames`) need no entry; an entry
    /// gives either `atoms` (counts per formula unit) or `massFractions`, and optionally
    /// `meanExcitationEnergyEV`.
    /// - Throws: `GeometryError` naming the JSON path of the first bad value.
    public init(json text: String) throws {
        let root = try JSONValue.parse(Data(text.utf8))
        _ = try root.object()
        let name = try root.member("name").string()
        guard !name.isEmpty else { throw try root.member("name").fail("must not be empty") }
        let summary = try root.optional("description")?.string() ?? ""

        let materials = try Geometry.parseMaterials(root.optional("materials"))
        func material(_ v: JSONValue) throws -> Material {
            let key = try v.string()
            if let m = materials[key] ?? Material.table[key] { return m }
            let known = (Material.knownNames + materials.keys.sorted()).joined(separator: ", ")
            throw v.fail("unknown material '\(key)' (known: \(known))")
        }

        let transverse = try root.member("transverse")
        let width = try transverse.member("widthMM").positive()
        let height = try transverse.member("heightMM").positive()

        // Stack.
        let stack = try root.member("stack")
        let period = try stack.optional("period")
        let explicit = try stack.optional("slabs")
        let slabSpecs: [JSONValue]
        var repeatCount = 1
        switch (period, explicit) {
        case (let p?, nil):
            slabSpecs = try p.array()
            let r = try stack.member("repeat")
            repeatCount = try r.integer()
            guard repeatCount >= 1 else { throw r.fail("must be >= 1 (got \(repeatCount))") }
        case (nil, let s?):
            slabSpecs = try s.array()
            if try stack.optional("repeat") != nil {
                throw try stack.member("repeat").fail("goes with 'period', not 'slabs'")
            }
        case (nil, nil):
            throw stack.fail("needs 'period' (with 'repeat') or 'slabs'")
        case (.some, .some):
            throw stack.fail("has both 'period' and 'slabs'; give one")
        }
        guard !slabSpecs.isEmpty else {
            throw (period ?? explicit!).fail("must hold at least one slab")
        }
        var unit: [(Material, Double, Bool)] = []
        for spec in slabSpecs {
            unit.append((try material(spec.member("material")), try spec.member("thicknessMM").positive(),
                         try spec.optional("active")?.bool() ?? false))
        }
        guard repeatCount <= Geometry.maximumSlabs / unit.count else {
            throw stack.fail("has \(repeatCount) x \(unit.count) slabs; at most \(Geometry.maximumSlabs) are allowed")
        }
        var slabs: [Slab] = []
        var z = 0.0
        for _ in 0..<repeatCount {
            for (m, t, active) in unit {
                slabs.append(Slab(material: m, thicknessMM: t, isActive: active, zStartMM: z))
                z += t
            }
        }
        let depth = z
        let tolerance = 1e-9 * max(1, depth)

        // Readout layers: contiguous, covering the stack from front to back.
        let layerSpecs = try root.member("layers").array()
        guard !layerSpecs.isEmpty else { throw try root.member("layers").fail("must hold at least one layer") }
        var layers: [Layer] = []
        var firstCell = 0
        for (i, spec) in layerSpecs.enumerated() {
            let zv = try spec.member("zMM")
            let zr = try zv.array()
            guard zr.count == 2 else { throw zv.fail("must be [start, end]") }
            let z0 = try zr[0].number(), z1 = try zr[1].number()
            guard z1 > z0 else { throw zv.fail("end (\(z1)) must be greater than start (\(z0))") }
            let expectedStart = layers.last?.zEndMM ?? 0
            if abs(z0 - expectedStart) > tolerance {
                if i == 0 {
                    throw zr[0].fail("must be 0: the first layer starts at the front face (got \(z0))")
                }
                let what = z0 > expectedStart ? "leaves a gap after" : "overlaps"
                throw zr[0].fail("starts at \(z0) mm and \(what) layers[\(i - 1)], which ends at \(expectedStart) mm")
            }
            if z1 > depth + tolerance {
                throw zr[1].fail("ends at \(z1) mm, behind the stack (depth \(depth) mm)")
            }
            let cells = try spec.member("cells")
            let rowsV = try cells.member("rows"), colsV = try cells.member("cols")
            let rows = try rowsV.integer(), cols = try colsV.integer()
            guard rows > 0 else { throw rowsV.fail("must be > 0 (got \(rows))") }
            guard cols > 0 else { throw colsV.fail("must be > 0 (got \(cols))") }
            guard rows * cols <= Geometry.maximumCells - firstCell else {
                throw cells.fail("\(rows) x \(cols) cells bring the geometry above \(Geometry.maximumCells) cells")
            }
            let cellHeight = try cells.member("heightMM").positive()
            let cellWidth = try cells.member("widthMM").positive()
            if Double(rows) * cellHeight > height * (1 + 1e-12) {
                throw cells.fail("\(rows) rows of \(cellHeight) mm (\(Double(rows) * cellHeight) mm) do not fit the transverse height \(height) mm")
            }
            if Double(cols) * cellWidth > width * (1 + 1e-12) {
                throw cells.fail("\(cols) cols of \(cellWidth) mm (\(Double(cols) * cellWidth) mm) do not fit the transverse width \(width) mm")
            }
            let scoring: Scoring
            if let s = try spec.optional("scoring") {
                guard let parsed = Scoring(rawValue: try s.string()) else {
                    throw s.fail("must be \"all\" or \"active\" (got \"\(try s.string())\")")
                }
                scoring = parsed
            } else {
                scoring = .all
            }
            if scoring == .active && !slabs.contains(where: { $0.isActive && $0.zStartMM < z1 && $0.zEndMM > z0 }) {
                throw spec.fail("scores active slabs only, but no active slab lies in \(z0)-\(z1) mm")
            }
            layers.append(Layer(zStartMM: z0, zEndMM: z1, rows: rows, cols: cols, cellHeightMM: cellHeight,
                                cellWidthMM: cellWidth, scoring: scoring, firstCell: firstCell))
            firstCell += rows * cols
        }
        if let last = layers.last, abs(last.zEndMM - depth) > tolerance {
            throw GeometryError(path: "layers[\(layers.count - 1)].zMM[1]",
                                message: "ends at \(last.zEndMM) mm, but the stack is \(depth) mm deep; layers must cover it")
        }
        self.init(name: name, summary: summary, slabs: slabs, widthMM: width, heightMM: height,
                  layers: layers, json: text)
    }

    private static func parseMaterials(_ node: JSONValue?) throws -> [String: Material] {
        guard let node else { return [:] }
        var result: [String: Material] = [:]
        for (name, spec) in try node.members() {
            let density = try spec.member("densityGPerCm3").positive()
            let atoms = try spec.optional("atoms"), fractions = try spec.optional("massFractions")
            guard (atoms == nil) != (fractions == nil) else {
                throw spec.fail("needs exactly one of 'atoms' or 'massFractions'")
            }
            var parts: [(Element, Double)] = []
            for (symbol, amount) in try (atoms ?? fractions!).members() {
                guard let element = Element.table[symbol] else {
                    let known = Element.table.keys.sorted().joined(separator: ", ")
                    throw amount.fail("unknown element '\(symbol)' (known: \(known))")
                }
                parts.append((element, try amount.positive()))
            }
            guard !parts.isEmpty else { throw (atoms ?? fractions!).fail("must name at least one element") }
            let meanI = try spec.optional("meanExcitationEnergyEV")?.positive()
            result[name] = atoms != nil
                ? Material(name: name, densityGPerCm3: density, atomCounts: parts, meanExcitationEnergyEV: meanI)
                : Material(name: name, densityGPerCm3: density, massFractions: parts, meanExcitationEnergyEV: meanI)
        }
        return result
    }
}
