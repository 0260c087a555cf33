#!/usr/bin/env python3
"""Geant4's range-cut conversion and NIST material constants for calosim's materials.

Prints, for every built-in material of calosim, what Geant4 itself computes:
  * the production thresholds (gamma, e-, e+) for range cuts of 0.1, 0.7 and 1.0 mm, from
    G4ProductionCutsTable::ConvertRangeToEnergy after a run has been initialised, plus the
    couple table that Geant4 prints for the 0.7 mm cut of the reference physics lists;
  * the NIST material constants: density, mean excitation energy I, radiation length, electron
    density and the Sternheimer density-effect parameters (G4IonisParamMat).

These are the reference values of Tests/CaloSimTests/ProductionCutTests.swift and
Tests/CaloDetectorTests/MaterialTests.swift. The script is a cross-check, not a dependency of
calosim.

Needs the geant4_pybind wheel (pip install geant4_pybind; numbers in the tests are from
Geant4 11.4.p1). No Geant4 data sets are needed: the physics list holds transportation and
decay only (no EM model, so no G4LEDATA), and the range-to-energy converters are analytic. The
wheel still wants every data-set variable to point at an existing directory; the script makes
empty ones under $G4_EMPTY_DATA (default /tmp/g4-empty-data) unless the variables are set,
with an empty ENSDFSTATE.dat, which G4NuclideTable opens at start-up.

Usage: python3 scripts/geant4/g4_cut_table.py [--cuts 0.1,0.7,1.0]
"""
import argparse
import os
import sys

DATASETS = ["G4NEUTRONHPDATA", "G4LEDATA", "G4LEVELGAMMADATA", "G4RADIOACTIVEDATA", "G4PARTICLEXSDATA",
            "G4PIIDATA", "G4REALSURFACEDATA", "G4SAIDXSDATA", "G4ABLADATA", "G4INCLDATA", "G4ENSDFSTATEDATA",
            "G4CHANNELINGDATA", "G4PARTICLEHPDATA"]

# calosim's built-in materials (Sources/CaloDetector/Material+Table.swift) by their Geant4 names.
MATERIALS = ["G4_W", "G4_Si", "G4_Pb", "G4_PbWO4", "G4_lAr", "G4_Fe", "G4_Cu", "G4_Al"]


def prepare_empty_datasets():
    root = os.environ.get("G4_EMPTY_DATA", "/tmp/g4-empty-data")
    for name in DATASETS:
        path = os.environ.get(name) or os.path.join(root, name)
        os.makedirs(path, exist_ok=True)
        os.environ[name] = path
    ensdf = os.path.join(os.environ["G4ENSDFSTATEDATA"], "ENSDFSTATE.dat")
    if not os.path.exists(ensdf):
        open(ensdf, "w").close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cuts", default="0.1,0.7,1.0", help="range cuts in mm, comma separated")
    args = parser.parse_args()
    cuts = [float(c) for c in args.cuts.split(",")]

    prepare_empty_datasets()
    import geant4_pybind as g4  # after the environment is set: the import checks the data sets

    class Detector(g4.G4VUserDetectorConstruction):
        """A vacuum world holding one 2 cm box of every material, so each gets a couple."""

        def Construct(self):
            nist = g4.G4NistManager.Instance()
            self.keep = []
            world = g4.G4Box("World", 1 * g4.m, 1 * g4.m, 1 * g4.m)
            lworld = g4.G4LogicalVolume(world, nist.FindOrBuildMaterial("G4_Galactic"), "World")
            pworld = g4.G4PVPlacement(None, g4.G4ThreeVector(), lworld, "World", None, False, 0)
            self.keep += [world, lworld]
            for i, name in enumerate(MATERIALS):
                box = g4.G4Box(name, 1 * g4.cm, 1 * g4.cm, 1 * g4.cm)
                lv = g4.G4LogicalVolume(box, nist.FindOrBuildMaterial(name), name)
                pv = g4.G4PVPlacement(None, g4.G4ThreeVector(0, 0, (i - 4) * 5 * g4.cm), lv, name, lworld, False, i)
                self.keep += [box, lv, pv]
            return pworld

    class Physics(g4.G4VModularPhysicsList):
        """Transportation and decay only: no model needs a data file."""

        def __init__(self):
            super().__init__()
            self.RegisterPhysics(g4.G4DecayPhysics())

    class Gun(g4.G4VUserPrimaryGeneratorAction):
        def __init__(self):
            super().__init__()
            self.gun = g4.G4ParticleGun(1)

        def GeneratePrimaries(self, event):
            self.gun.GeneratePrimaryVertex(event)

    class Actions(g4.G4VUserActionInitialization):
        def Build(self):
            self.SetUserAction(Gun())

    run = g4.G4RunManagerFactory.CreateRunManager(g4.G4RunManagerType.Serial)
    detector, physics, actions = Detector(), Physics(), Actions()
    run.SetUserInitialization(detector)
    run.SetUserInitialization(physics)
    run.SetUserInitialization(actions)
    run.Initialize()
    g4.G4UImanager.GetUIpointer().ApplyCommand("/run/setCut 0.7 mm")
    run.BeamOn(0)  # builds the couple table with its energy thresholds

    version = str(g4.G4Version).strip().strip("$").strip()
    print(f"# {version} (G4VERSION_NUMBER {g4.G4VERSION_NUMBER}) via geant4_pybind; scripts/geant4/g4_cut_table.py")
    table = g4.G4ProductionCutsTable.GetProductionCutsTable()
    particles = [("gamma", g4.G4Gamma.Definition()), ("e-", g4.G4Electron.Definition()),
                 ("e+", g4.G4Positron.Definition())]
    nist = g4.G4NistManager.Instance()
    print("\n# production thresholds, keV (G4ProductionCutsTable::ConvertRangeToEnergy)")
    print(f"{'material':10s} {'cut/mm':>7s} {'gamma':>10s} {'e-':>10s} {'e+':>10s}")
    for name in MATERIALS:
        material = nist.FindOrBuildMaterial(name)
        for cut in cuts:
            e = [table.ConvertRangeToEnergy(p, material, cut * g4.mm) / g4.keV for _, p in particles]
            print(f"{name:10s} {cut:7.2f} {e[0]:10.4f} {e[1]:10.3f} {e[2]:10.3f}")

    print("\n# NIST material constants (G4Material, G4IonisParamMat)")
    print(f"{'material':10s} {'rho g/cm3':>10s} {'I eV':>7s} {'X0 mm':>8s} {'n_e/cm3':>11s} "
          f"{'Cbar':>7s} {'x0':>7s} {'x1':>7s} {'a':>8s} {'m':>7s} {'delta0':>7s}")
    for name in MATERIALS:
        m = nist.FindOrBuildMaterial(name)
        ion = m.GetIonisation()
        print(f"{name:10s} {m.GetDensity() / (g4.g / g4.cm3):10.4f} {ion.GetMeanExcitationEnergy() / g4.eV:7.1f} "
              f"{m.GetRadlen() / g4.mm:8.4f} {m.GetElectronDensity() * g4.cm3:11.4e} "
              f"{ion.GetCdensity():7.4f} {ion.GetX0density():7.4f} {ion.GetX1density():7.4f} "
              f"{ion.GetAdensity():8.5f} {ion.GetMdensity():7.4f} {ion.GetD0density():7.4f}")

    print("\n# couple table at the 0.7 mm cut of the reference physics lists")
    sys.stdout.flush()
    table.DumpCouples()


if __name__ == "__main__":
    main()
