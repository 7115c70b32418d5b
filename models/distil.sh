#!/bin/sh
# Distillation recipe: three ResNet18 teachers (seeds 1-3), then MoodNet 2 students
# trained against the teachers' averaged soft predictions, beside a MoodNet 2 trained
# alone on the same long schedule for comparison. Teachers and students of one phase
# train side by side on one device.
#
#   models/distil.sh PACK_OR_DATA CACHE OUT
#
# PACK_OR_DATA is a ferpack.py pack (unpacked into CACHE/data) or a FER2013 folder.
# DEVICE (cuda), AMP (--amp), DEADLINE (seconds for the whole script, 0 = none),
# TEACHER_SHARE (part of it for the teachers, percent), EPOCHS_T/EPOCHS_S (the most
# epochs; with a deadline each run fits its schedule to the time it has and logs
# the epochs it chose, which rerun it exactly without a deadline) and EXTRA (more
# train.py options, e.g. --max-batches 2 for a smoke test) tune it.
set -eu
src=$1 cache=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
PY=${PY:-python3}
DEVICE=${DEVICE:-cuda}
AMP=${AMP---amp}
DEADLINE=${DEADLINE:-0}
TEACHER_SHARE=${TEACHER_SHARE:-45}
EPOCHS_T=${EPOCHS_T:-120}
EPOCHS_S=${EPOCHS_S:-400}
EXTRA=${EXTRA:-}
mkdir -p "$cache" "$out"
t0=$(date +%s)
log=$out/session.log
case $src in
*.npz) $PY "$here/ferpack.py" unpack "$src" "$cache/data" ;;
esac
data=$src
echo "data ready after $(($(date +%s) - t0))s" >>"$log"

# budget NAME: seconds left for a run ending at the deadline (or at the teachers' share
# of it); empty without a deadline
budget() {
	[ "$DEADLINE" -gt 0 ] || return 0
	left=$((DEADLINE - ($(date +%s) - t0) - 20))
	[ "$1" = teacher ] && left=$((DEADLINE * TEACHER_SHARE / 100 - ($(date +%s) - t0)))
	echo "--time-budget $left"
}

# train NAME train.py-options...: one run in the background, its lines prefixed by NAME
train() {
	name=$1
	shift
	(cd "$here" && $PY -u train.py --data "$data" --cache "$cache" --run "$name" \
		--device "$DEVICE" $AMP --threads 1 --eval-every 5 --save-every 10 $EXTRA "$@" 2>&1 |
		sed -u "s/^/$name /" >>"$log") &
}

train s0 --arch moodnet2 --seed 1 --epochs "$EPOCHS_S" $(budget student)
teachers=
for s in 1 2 3; do
	train t$s --arch resnet18 --seed $s --epochs "$EPOCHS_T" $(budget teacher)
	teachers="$teachers $!"
done
# s0 runs on into the second phase
wait $teachers || true
for s in 1 2 3; do
	[ -f "$cache/t$s/final.pt" ] || { echo "teacher t$s did not finish" >>"$log"; exit 1; }
done
T="--teacher $cache/t1/final.pt --teacher $cache/t2/final.pt --teacher $cache/t3/final.pt"
echo "teachers done after $(($(date +%s) - t0))s" >>"$log"
train kd1 --arch moodnet2 --seed 1 --epochs "$EPOCHS_S" $T $(budget student)
train kd2 --arch moodnet2 --seed 2 --epochs "$EPOCHS_S" $T $(budget student)
train kd1-mix --arch moodnet2 --seed 1 --epochs "$EPOCHS_S" --mixup 0.2 $T $(budget student)
wait
echo "all done after $(($(date +%s) - t0))s" >>"$log"
$PY "$here/distil-report.py" "$cache" "$out" >>"$log" 2>&1
