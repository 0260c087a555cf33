#!/bin/sh
# HTCondor merge step (merge.sub): CALOSIM merge part-1.h5 ... part-N.h5 --out merged.h5
set -eu
calosim=$1 n=$2
exec "$calosim" merge $(seq -f 'part-%g.h5' 1 "$n") --out merged.h5
