// CaloPhysicsCheck: statistical physics acceptance checks of the reference simulator.
