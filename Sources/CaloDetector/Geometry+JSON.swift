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
    ///
    /// A layer gives either Cartesian `cells` or polar bins around the mesh axis,
    /// `"polar": { "rEdgesMM": [0, 4.65, 9.3], "alphaBins": 16 }` (`PolarBins`). Instead of
    /// `layers`, `"readout": { "binningXML": "binning_dataset_2.xml", "layerThicknessMM": 3.4,
    /// "scoring": "active", "particle": "electron" }` takes polar layers from a CaloChallenge
    /// binning XML (path relative to `baseDirectory`; `particle` needed when the file has several
    /// `Bin`s), each `layerThicknessMM` deep from the front face; the stack must hold exactly as
    /// many. The stored `json` then has the layers written out, so it stands alone. Without
    /// `stack` the geometry is readout-only (`isReadoutOnly`).
    ///
    /// Stages, in the order their errors are reported: header (name, description), materials,
    /// transverse size, stack, readout layers (each: depth range, cells, scoring), coverage.
    /// - Throws: `GeometryError` naming the JSON path of the first bad value.
    public init(json text: String, baseDirectory: URL? = nil) throws {
        let root = try JSONValue.parse(Data(text.utf8))
        _ = try root.object()
        let name = try root.member("name").string()
        guard !name.isEmpty else { throw try root.member("name").fail("must not be empty") }
        let summary = try root.optional("description")?.string() ?? ""

        let materials = try Geometry.parseMaterials(root.optional("materials"))
        let transverse = try Geometry.parseTransverse(root.member("transverse"))
        let slabs = try root.optional("stack").map { try Geometry.parseStack($0, materials: materials) } ?? []
        var stored = text
        let layers: [Layer]
        switch (try root.optional("layers"), try root.optional("readout")) {
        case (let l?, nil):
            layers = try Geometry.parseLayers(l, slabs: slabs, transverse: transverse)
        case (nil, let r?):
            let specs = try Geometry.xmlLayerSpecs(r, slabs: slabs, baseDirectory: baseDirectory)
            layers = try Geometry.parseLayers(JSONValue(value: .array(specs), path: "readout.layers"),
                                              slabs: slabs, transverse: transverse)
            stored = Geometry.replacing(root, member: "readout", with: ("layers", .array(specs)))
        case (nil, nil):
            throw root.fail("needs 'layers' or 'readout'")
        case (.some, .some):
            throw root.fail("has both 'layers' and 'readout'; give one")
        }
        self.init(name: name, summary: summary, slabs: slabs, widthMM: transverse.widthMM,
                  heightMM: transverse.heightMM, layers: layers, json: stored)
        storedEnergy = try Geometry.parseStoredEnergy(root.optional("storedEnergy"))
    }

    /// `storedEnergy: { samplingFraction (0, 1], readoutThresholdMeV >= 0 }`, both optional.
    private static func parseStoredEnergy(_ node: JSONValue?) throws -> StoredEnergy {
        guard let node else { return StoredEnergy() }
        var fraction = 1.0
        if let f = try node.optional("samplingFraction") {
            fraction = try f.positive()
            guard fraction <= 1 else { throw f.fail("must be at most 1 (got \(fraction))") }
        }
        var threshold: Double?
        if let t = try node.optional("readoutThresholdMeV") {
            let v = try t.number()
            guard v >= 0 else { throw t.fail("must be >= 0 (got \(v))") }
            threshold = v
        }
        return StoredEnergy(samplingFraction: fraction, readoutThresholdMeV: threshold)
    }

    /// Transverse size of the stack, mm.
    struct Transverse {
        let widthMM: Double
        let heightMM: Double
    }

    /// Relative tolerance on z positions (mm) when checking that layers tile the stack.
    private static func depthTolerance(_ depthMM: Double) -> Double { 1e-9 * max(1, depthMM) }

    // MARK: Materials

    /// The `materials` object: name -> material, each from `atoms` or `massFractions`.
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

    /// The material a slab names: one of the file's own `materials`, else a built-in one.
    private static func resolveMaterial(_ v: JSONValue, in materials: [String: Material]) throws -> Material {
        let key = try v.string()
        if let m = materials[key] ?? Material.table[key] { return m }
        let known = (Material.knownNames + materials.keys.sorted()).joined(separator: ", ")
        throw v.fail("unknown material '\(key)' (known: \(known))")
    }

    // MARK: Transverse size and stack

    private static func parseTransverse(_ node: JSONValue) throws -> Transverse {
        let width = try node.member("widthMM").positive()
        let height = try node.member("heightMM").positive()
        return Transverse(widthMM: width, heightMM: height)
    }

    /// The `stack`: either a `period` of slabs repeated `repeat` times or an explicit list of
    /// `slabs`, laid out from z = 0.
    private static func parseStack(_ stack: JSONValue, materials: [String: Material]) throws -> [Slab] {
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
            unit.append((try resolveMaterial(spec.member("material"), in: materials),
                         try spec.member("thicknessMM").positive(),
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
        return slabs
    }

    // MARK: Readout layers

    /// The `layers`: contiguous depth ranges covering the stack from front to back, each with
    /// its cells and scoring mode. Cells are numbered layer after layer.
    private static func parseLayers(_ node: JSONValue, slabs: [Slab], transverse: Transverse) throws -> [Layer] {
        let depth = slabs.last.map(\.zEndMM) ?? 0
        let layerSpecs = try node.array()
        guard !layerSpecs.isEmpty else { throw node.fail("must hold at least one layer") }
        var layers: [Layer] = []
        var firstCell = 0
        for (i, spec) in layerSpecs.enumerated() {
            let (z0, z1) = try parseLayerRange(spec.member("zMM"), index: i, previousEndMM: layers.last?.zEndMM ?? 0,
                                               depthMM: slabs.isEmpty ? .infinity : depth)
            let grid = try parseReadout(spec, transverse: transverse)
            guard grid.cols == 0 || grid.rows <= Geometry.maximumCells / grid.cols,
                  grid.rows * grid.cols <= Geometry.maximumCells - firstCell else {
                throw try (spec.optional("cells") ?? spec.member("polar")).fail(
                    "\(grid.rows) x \(grid.cols) cells bring the geometry above \(Geometry.maximumCells) cells")
            }
            let scoring = try parseScoring(spec, zStartMM: z0, zEndMM: z1, slabs: slabs)
            layers.append(Layer(zStartMM: z0, zEndMM: z1, rows: grid.rows, cols: grid.cols,
                                cellHeightMM: grid.cellHeightMM, cellWidthMM: grid.cellWidthMM,
                                scoring: scoring, firstCell: firstCell, polar: grid.polar))
            firstCell += grid.rows * grid.cols
        }
        if !slabs.isEmpty { try validateCoverage(layers, depthMM: depth) }
        return layers
    }

    /// A layer's `zMM: [start, end]`: it must start where the previous layer ends (layer 0 at
    /// the front face) and end inside the stack.
    private static func parseLayerRange(_ zv: JSONValue, index i: Int, previousEndMM expectedStart: Double,
                                        depthMM depth: Double) throws -> (Double, Double) {
        let tolerance = depthTolerance(depth)
        let zr = try zv.array()
        guard zr.count == 2 else { throw zv.fail("must be [start, end]") }
        let z0 = try zr[0].number(), z1 = try zr[1].number()
        guard z1 > z0 else { throw zv.fail("end (\(z1)) must be greater than start (\(z0))") }
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
        return (z0, z1)
    }

    /// The cells of one layer: a rectangular grid of rows x cols cells centred on the beam axis,
    /// or polar bins (rows = alpha bins, cols = r bins).
    struct CartesianCells {
        let rows: Int
        let cols: Int
        let cellHeightMM: Double
        let cellWidthMM: Double
        var polar: PolarBins? = nil
    }

    /// The readout cells of one layer: the Cartesian `cells` grid or `polar` bins, each parsed
    /// by its own function, chosen here.
    private static func parseReadout(_ spec: JSONValue, transverse: Transverse) throws -> CartesianCells {
        switch (try spec.optional("cells"), try spec.optional("polar")) {
        case (let c?, nil): return try parseCartesianCells(c, transverse: transverse)
        case (nil, let p?): return try parsePolarCells(p)
        case (nil, nil): throw spec.fail("needs 'cells' or 'polar'")
        case (.some, .some): throw spec.fail("has both 'cells' and 'polar'; give one")
        }
    }

    /// `cells: { rows, cols, heightMM, widthMM }`; the grid must fit the transverse size.
    private static func parseCartesianCells(_ cells: JSONValue, transverse: Transverse) throws -> CartesianCells {
        let width = transverse.widthMM, height = transverse.heightMM
        let rowsV = try cells.member("rows"), colsV = try cells.member("cols")
        let rows = try rowsV.integer(), cols = try colsV.integer()
        guard rows > 0 else { throw rowsV.fail("must be > 0 (got \(rows))") }
        guard cols > 0 else { throw colsV.fail("must be > 0 (got \(cols))") }
        let cellHeight = try cells.member("heightMM").positive()
        let cellWidth = try cells.member("widthMM").positive()
        if Double(rows) * cellHeight > height * (1 + 1e-12) {
            throw cells.fail("\(rows) rows of \(cellHeight) mm (\(Double(rows) * cellHeight) mm) do not fit the transverse height \(height) mm")
        }
        if Double(cols) * cellWidth > width * (1 + 1e-12) {
            throw cells.fail("\(cols) cols of \(cellWidth) mm (\(Double(cols) * cellWidth) mm) do not fit the transverse width \(width) mm")
        }
        return CartesianCells(rows: rows, cols: cols, cellHeightMM: cellHeight, cellWidthMM: cellWidth)
    }

    /// A layer's `scoring` (default "all"); "active" needs an active slab inside the layer.
    private static func parseScoring(_ spec: JSONValue, zStartMM z0: Double, zEndMM z1: Double,
                                     slabs: [Slab]) throws -> Scoring {
        let scoring: Scoring
        if let s = try spec.optional("scoring") {
            guard let parsed = Scoring(rawValue: try s.string()) else {
                throw s.fail("must be \"all\" or \"active\" (got \"\(try s.string())\")")
            }
            scoring = parsed
        } else {
            scoring = .all
        }
        if scoring == .active && !slabs.isEmpty && !slabs.contains(where: { $0.isActive && $0.zStartMM < z1 && $0.zEndMM > z0 }) {
            throw spec.fail("scores active slabs only, but no active slab lies in \(z0)-\(z1) mm")
        }
        return scoring
    }

    /// The last layer must end at the back face of the stack.
    private static func validateCoverage(_ layers: [Layer], depthMM depth: Double) throws {
        if let last = layers.last, abs(last.zEndMM - depth) > depthTolerance(depth) {
            throw GeometryError(path: "layers[\(layers.count - 1)].zMM[1]",
                                message: "ends at \(last.zEndMM) mm, but the stack is \(depth) mm deep; layers must cover it")
        }
    }
}
