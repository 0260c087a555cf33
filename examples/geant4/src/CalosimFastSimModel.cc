#include "CalosimFastSimModel.hh"

#include "G4Electron.hh"
#include "G4Exception.hh"
#include "G4FastHit.hh"
#include "G4FastStep.hh"
#include "G4FastTrack.hh"
#include "G4Gamma.hh"
#include "G4Positron.hh"
#include "G4SystemOfUnits.hh"
#include "G4Track.hh"
#include "G4VSolid.hh"

CalosimFastSimModel::CalosimFastSimModel(const G4String& name, G4Region* envelope, const std::string& modelFolder,
                                         uint64_t seed, uint64_t firstIndex)
    : G4VFastSimulationModel(name, envelope), fSeed(seed), fNextIndex(firstIndex),
      fHitMaker(std::make_unique<G4FastSimHitMaker>()) {
    char message[1024];
    if (calosim_open(modelFolder.c_str(), &fModel, message, sizeof message) != CALOSIM_OK) {
        G4Exception("CalosimFastSimModel", "calosim001", FatalException, message);
        return;
    }
    int32_t pdg = 0;
    calosim_energy_range(fModel, &fMinEnergy, &fMaxEnergy, &pdg);
    // Cell centres in calosim's cell order: layer by layer, row-major, rows along y and columns
    // along x from -height/2 and -width/2 (calosim.h).
    for (size_t l = 0; l < calosim_layer_count(fModel); l++) {
        size_t rows = 0, cols = 0, first = 0;
        double z0 = 0, z1 = 0, h = 0, w = 0;
        calosim_layer_shape(fModel, l, &rows, &cols, &first, &z0, &z1, &h, &w);
        for (size_t r = 0; r < rows; r++)
            for (size_t c = 0; c < cols; c++)
                fCells.push_back({ (c + 0.5) * w - 0.5 * cols * w, (r + 0.5) * h - 0.5 * rows * h, 0.5 * (z0 + z1) });
    }
    fEnergies.resize(calosim_cell_count(fModel));
}

CalosimFastSimModel::~CalosimFastSimModel() { calosim_close(fModel); }

G4bool CalosimFastSimModel::IsApplicable(const G4ParticleDefinition& particle) {
    return &particle == G4Electron::Definition() || &particle == G4Positron::Definition() || &particle == G4Gamma::Definition();
}

G4bool CalosimFastSimModel::ModelTrigger(const G4FastTrack& track) {
    const G4VSolid* solid = track.GetEnvelopeSolid();
    const G4ThreeVector position = track.GetPrimaryTrackLocalPosition();
    const G4ThreeVector direction = track.GetPrimaryTrackLocalDirection();
    // Entering: on the envelope's surface, moving against its outward normal.
    if (solid->Inside(position) != kSurface || solid->SurfaceNormal(position).dot(direction) >= 0) return false;
    const double energy = track.GetPrimaryTrack()->GetKineticEnergy() / MeV;
    return energy >= fMinEnergy * (1 - fEnergySlack) && energy <= fMaxEnergy * (1 + fEnergySlack);
}

void CalosimFastSimModel::DoIt(const G4FastTrack& track, G4FastStep& step) {
    const G4Track* primary = track.GetPrimaryTrack();
    const float energy = static_cast<float>(primary->GetKineticEnergy() / MeV);
    step.KillPrimaryTrack();
    step.ProposePrimaryTrackPathLength(0.0);
    step.ProposeTotalEnergyDeposited(primary->GetKineticEnergy());

    const int status = calosim_generate(fModel, &energy, 1, fSeed, fNextIndex++, fEnergies.data(), fEnergies.size());
    if (status != CALOSIM_OK) {
        G4Exception("CalosimFastSimModel::DoIt", "calosim002", EventMustBeAborted, calosim_last_error(fModel));
        return;
    }
    // The shower frame: z along the direction from the entry point, x and y across it.
    const G4ThreeVector origin = primary->GetPosition(), z = primary->GetMomentumDirection();
    const G4ThreeVector x = z.orthogonal().unit(), y = z.cross(x);
    for (size_t i = 0; i < fEnergies.size(); i++) {
        if (fEnergies[i] <= 0) continue;
        const Cell& c = fCells[i];
        const G4ThreeVector where = origin + (c.z * mm) * z + (c.x * mm) * x + (c.y * mm) * y;
        fHitMaker->make(G4FastHit(where, fEnergies[i] * MeV), track);
    }
}
