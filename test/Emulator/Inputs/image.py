"""Edits a glia board image for the emulator's tests.

  image.py drop-delivery IMAGE   clear one core bit of one routing entry
                                 (a route-bit flip), keep the checksum valid
  image.py drop-payload IMAGE    the same for an entry that carries the
                                 payloads of an astrocyte core
  image.py flip-blob IMAGE       flip a byte of a core blob (checksum stale)
  image.py truncate IMAGE        cut a core blob short, fix size + checksum
  image.py version IMAGE N       set the manifest's format version
  image.py dtcm IMAGE BYTES      shrink the machine's DTCM per core
  image.py timestep IMAGE MS     set the manifest's timestep
  image.py wide-delays IMAGE     give the first core's synaptic words 14
                                 delay bits and delays up to 16383 steps,
                                 keep the checksum valid
  image.py core-dtcm IMAGE BYTES set every core's DTCM in the manifest (and
                                 the machine's, if it has less)
  image.py drop-core-field IMAGE KEY  remove KEY from the first core's
                                 manifest entry
  image.py plastic-post IMAGE    start the first plastic projection's
                                 postsynaptic slice 5 neurons later
  image.py cam-cue IMAGE CUE     set the cue of the first CAM's first
                                 operation (the manifest has no checksum)
  image.py population-size IMAGE N  set the first population's size
  image.py twice-table IMAGE     list the first chip's routing table twice
  image.py history-depth IMAGE N set the postsynaptic history depth of the
                                 first plastic projection onto a core, keep
                                 the checksum valid
  image.py history-delay IMAGE N the same for the history's shortest delay
  image.py history-rule IMAGE N  the same for its STDP rule (0 pair, 1 trace)
  image.py astro-parameter IMAGE X  set the first parameter of the first
                                 astrocyte core to X, keep the checksum valid
  image.py poisson-log-miss IMAGE X  set log(1 - p) of the first Poisson
                                 core's first neuron to X, keep the checksum
                                 valid
  image.py rows-overlap IMAGE    start the second row of the first block of
                                 two rows or more where its first row
                                 starts, keep the checksum valid
  image.py cam-times IMAGE       swap the times of the first CAM's second
                                 and third operations (the manifest has no
                                 checksum)
"""
import json
import os
import struct
import sys


def fnv1a64(data):
    h = 0xCBF29CE484222325
    for b in data:
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % h


def load(image):
    path = os.path.join(image, "image", "manifest.json")
    with open(path) as f:
        return path, json.load(f)


def save(path, manifest):
    with open(path, "w") as f:
        json.dump(manifest, f, indent=1)


def refresh(image, entry, data):
    with open(os.path.join(image, "image", entry["file"]), "wb") as f:
        f.write(data)
    entry["bytes"] = len(data)
    entry["checksum"] = fnv1a64(data)


def drop_delivery(image, keys=None):
    """Clears the lowest core bit of the first entry that delivers to a
    core (and, given `keys`, matches one of them)."""
    path, manifest = load(image)
    for table in manifest["tables"]:
        with open(os.path.join(image, "image", table["file"]), "rb") as f:
            data = bytearray(f.read())
        for e in range(table["entries"]):
            offset = 4 + 16 * e + 12
            (route,) = struct.unpack_from("<I", data, offset)
            key, mask = struct.unpack_from("<II", data, 4 + 16 * e)
            if keys is not None and not any(k & mask == key for k in keys):
                continue
            if route >> 6:
                lowest = (route >> 6) & -(route >> 6)
                struct.pack_into("<I", data, offset, route & ~(lowest << 6))
                refresh(image, table, bytes(data))
                save(path, manifest)
                return
    sys.exit("no routing entry delivers to a core")


def flip_blob(image):
    _, manifest = load(image)
    core = manifest["cores"][0]
    name = os.path.join(image, "image", core["file"])
    with open(name, "rb") as f:
        data = bytearray(f.read())
    data[len(data) // 2] ^= 0x40
    with open(name, "wb") as f:
        f.write(data)


def truncate(image):
    path, manifest = load(image)
    core = manifest["cores"][0]
    with open(os.path.join(image, "image", core["file"]), "rb") as f:
        data = f.read()
    refresh(image, core, data[: len(data) // 2])
    save(path, manifest)


def edit_first_core(image, region_name, edit, missing):
    """Calls edit(blob, region offset) on each core's blob in turn until it
    returns true, then saves that blob with its size and checksum fixed."""
    path, manifest = load(image)
    for core in manifest["cores"]:
        region = next(r for r in core["regions"] if r["name"] == region_name)
        with open(os.path.join(image, "image", core["file"]), "rb") as f:
            data = bytearray(f.read())
        if edit(data, region["offset"]):
            refresh(image, core, bytes(data))
            save(path, manifest)
            return
    sys.exit(missing)


def history_field(image, field, value):
    """The plasticity region: a count, then per projection its index, four
    s16.15 words, the multiplicative flag, the history's shortest delay
    (field 0), its depth (field 1) and the rule (field 2)."""
    def edit(data, offset):
        (count,) = struct.unpack_from("<I", data, offset)
        if count:
            struct.pack_into("<I", data, offset + 4 + 4 + 16 + 4 + 4 * field,
                             value)
        return count
    edit_first_core(image, "plasticity", edit, "no core has a plastic projection")


def astro_parameter(image, value):
    """An astrocyte core's neurons region: the model, the parameter count,
    then the parameters as f64."""
    path, manifest = load(image)
    core = next(c for c in manifest["cores"] if c["astrocytes"])
    region = next(r for r in core["regions"] if r["name"] == "neurons")
    with open(os.path.join(image, "image", core["file"]), "rb") as f:
        data = bytearray(f.read())
    struct.pack_into("<d", data, region["offset"] + 8, value)
    refresh(image, core, bytes(data))
    save(path, manifest)


def poisson_log_miss(image, value):
    """A Poisson core's neurons region: the cell kind (4), the uniform
    flag, the coefficient count and size, then the coefficients, each
    starting with log(1 - p) as f64."""
    def edit(data, offset):
        (kind,) = struct.unpack_from("<I", data, offset)
        if kind == 4:
            struct.pack_into("<d", data, offset + 16, value)
        return kind == 4
    edit_first_core(image, "neurons", edit, "no Poisson core")


def rows_overlap(image):
    """The synaptic_matrix region: the block count, per block six words
    (projection, plastic, first neuron, row count, index word, first pre),
    the word count, then the words; a block's row index holds each row's
    first word."""
    def edit(data, offset):
        (blocks,) = struct.unpack_from("<I", data, offset)
        words = offset + 8 + 24 * blocks
        for b in range(blocks):
            rows, index = struct.unpack_from("<II", data, offset + 4 + 24 * b + 12)
            if rows >= 2:
                (first,) = struct.unpack_from("<I", data, words + 4 * index)
                struct.pack_into("<I", data, words + 4 * (index + 1), first)
                return True
        return False
    edit_first_core(image, "synaptic_matrix", edit, "no block of two rows")


def wide_delays(image):
    """The synapse_params region: per receptor its weight shift and whether
    it subtracts (2 words each), then the index bits, the delay bits and
    the largest delay."""
    def edit(data, offset):
        struct.pack_into("<3I", data, offset + 16, 1, 14, 16383)
        return True
    edit_first_core(image, "synapse_params", edit, "no neuron core")


def main():
    command, image = sys.argv[1], sys.argv[2]
    if command == "drop-delivery":
        drop_delivery(image)
    elif command == "drop-payload":
        _, manifest = load(image)
        drop_delivery(image, [c["key"] for c in manifest["cores"]
                              if c["astrocytes"] and c["sends"]])
    elif command == "flip-blob":
        flip_blob(image)
    elif command == "truncate":
        truncate(image)
    elif command == "history-delay":
        history_field(image, 0, int(sys.argv[3]))
    elif command == "history-depth":
        history_field(image, 1, int(sys.argv[3]))
    elif command == "history-rule":
        history_field(image, 2, int(sys.argv[3]))
    elif command == "astro-parameter":
        astro_parameter(image, float(sys.argv[3]))
    elif command == "poisson-log-miss":
        poisson_log_miss(image, float(sys.argv[3]))
    elif command == "rows-overlap":
        rows_overlap(image)
    elif command == "wide-delays":
        wide_delays(image)
    elif command in ("version", "dtcm", "timestep", "cam-cue", "cam-times",
                     "population-size", "twice-table", "plastic-post", "core-dtcm",
                     "drop-core-field"):
        path, manifest = load(image)
        if command == "version":
            manifest["version"] = int(sys.argv[3])
        elif command == "dtcm":
            manifest["machine"]["dtcm_bytes"] = int(sys.argv[3])
        elif command == "drop-core-field":
            del manifest["cores"][0][sys.argv[3]]
        elif command == "core-dtcm":
            for core in manifest["cores"]:
                core["dtcm_bytes"] = int(sys.argv[3])
            machine = manifest["machine"]
            machine["dtcm_bytes"] = max(machine["dtcm_bytes"], int(sys.argv[3]))
        elif command == "timestep":
            manifest["timestep_ms"] = float(sys.argv[3])
        elif command == "plastic-post":
            post = next(j for j in manifest["projections"] if j["plastic"])["post"]
            post[1], post[2] = post[1] + 5, post[2] - 5
        elif command == "population-size":
            manifest["populations"][0]["size"] = int(sys.argv[3])
        elif command == "twice-table":
            manifest["tables"].append(manifest["tables"][0])
        elif command == "cam-times":
            protocol = manifest["cams"][0]["protocol"]
            protocol[1]["time"], protocol[2]["time"] = protocol[2]["time"], protocol[1]["time"]
        else:
            manifest["cams"][0]["protocol"][0]["cue"] = int(sys.argv[3])
        save(path, manifest)
    else:
        sys.exit("unknown command " + command)


if __name__ == "__main__":
    main()
