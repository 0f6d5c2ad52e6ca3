#!/bin/sh
# Regenerates the sample clips the reference server plays for every livestream (see README.md).
# Deterministic: single-threaded x264, bit-exact muxing, no metadata.
set -eu
cd "$(dirname "$0")"

clip() { # name, lavfi video source, tone frequency (Hz)
  ffmpeg -hide_banner -loglevel error -y \
    -f lavfi -i "$2" \
    -f lavfi -i "sine=frequency=$3:sample_rate=44100:duration=5" \
    -t 5 -map 0:v -map 1:a \
    -c:v libx264 -profile:v baseline -level 3.0 -pix_fmt yuv420p -preset veryslow -crf 32 \
    -g 50 -threads 1 -x264-params bframes=0 \
    -c:a aac -b:a 48k -ac 1 \
    -movflags +faststart -map_metadata -1 \
    -fflags +bitexact -flags:v +bitexact -flags:a +bitexact \
    "$1.mp4"
}

clip stream-a "testsrc2=size=480x270:rate=25:duration=5" 440
clip stream-b "smptehdbars=size=480x270:rate=25:duration=5" 523
clip stream-c "testsrc=size=480x270:rate=25:duration=5" 659
ls -l ./*.mp4
