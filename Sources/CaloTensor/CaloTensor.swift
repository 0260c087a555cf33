// CaloTensor: see Package.swift for where this module sits in the data flow.
