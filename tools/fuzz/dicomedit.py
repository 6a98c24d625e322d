"""Structure-preserving DICOM Part 10 editor for the fuzz harness (stdlib only).

Parses a Part 10 file into a tree that can be written back byte-identically
(when nothing was changed) or with edited values:

* the 128-byte preamble and "DICM" are kept as they are;
* the file meta group (0002) is always Explicit VR Little Endian; its group
  length (0002,0000) is recomputed on write;
* the data set is parsed only for Explicit VR Little Endian and the
  encapsulated (compressed) transfer syntaxes, whose data set is Explicit VR
  LE too; for the others (implicit, big endian, deflate) the data set stays an
  opaque byte string (only the meta group can be edited, byte-level mutations
  still apply);
* sequences and items keep their length style: an undefined-length sequence
  or item is written with undefined length and its delimiter again, a
  defined-length one gets its length recomputed from the re-encoded content,
  so every enclosing length is correct after an edit;
* encapsulated pixel data keeps its fragment list (item 0 = basic offset table).

``serialize`` also returns, for every element, where its length field and its
value lie in the output, so that byte-level "length lie" patches can be
applied afterwards.

The reader for the fixtures (``tools/fixtures/dicomreader.py``) is a
validation reader that flattens the structure; this one keeps it.
"""

import struct

UNDEFINED = 0xFFFFFFFF
LONG_VRS = {"OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN",
            "UR", "UT", "UV"}
STRING_VRS = {"AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN",
              "SH", "ST", "TM", "UC", "UI", "UR", "UT"}
BINARY_FMT = {"US": "H", "SS": "h", "UL": "I", "SL": "i", "FL": "f", "FD": "d",
              "SV": "q", "UV": "Q"}

EXPLICIT_LE = "1.2.840.10008.1.2.1"
# Transfer syntaxes whose data set is Explicit VR Little Endian (native or
# encapsulated pixel data).
_EXPLICIT_LE_FAMILY_PREFIXES = ("1.2.840.10008.1.2.4.", "1.2.840.10008.1.2.5")

ITEM = 0xFFFEE000
ITEM_DELIM = 0xFFFEE00D
SEQ_DELIM = 0xFFFEE0DD

# Keywords for the tags the harness and the hostile fixtures deal with (others
# are shown as (gggg,eeee)).
KEYWORDS = {
    0x00020000: "FileMetaInformationGroupLength",
    0x00020001: "FileMetaInformationVersion",
    0x00020002: "MediaStorageSOPClassUID",
    0x00020003: "MediaStorageSOPInstanceUID",
    0x00020010: "TransferSyntaxUID",
    0x00020012: "ImplementationClassUID",
    0x00020013: "ImplementationVersionName",
    0x00080008: "ImageType",
    0x00080016: "SOPClassUID",
    0x00080018: "SOPInstanceUID",
    0x00080060: "Modality",
    0x00081115: "ReferencedSeriesSequence",
    0x0008114A: "ReferencedInstanceSequence",
    0x00081140: "ReferencedImageSequence",
    0x00081150: "ReferencedSOPClassUID",
    0x00081155: "ReferencedSOPInstanceUID",
    0x00082112: "SourceImageSequence",
    0x00089124: "DerivationImageSequence",
    0x00180050: "SliceThickness",
    0x00180088: "SpacingBetweenSlices",
    0x00181120: "GantryDetectorTilt",
    0x0020000D: "StudyInstanceUID",
    0x0020000E: "SeriesInstanceUID",
    0x00200011: "SeriesNumber",
    0x00200012: "AcquisitionNumber",
    0x00200013: "InstanceNumber",
    0x00200032: "ImagePositionPatient",
    0x00200037: "ImageOrientationPatient",
    0x00200052: "FrameOfReferenceUID",
    0x00209111: "FrameContentSequence",
    0x00209113: "PlanePositionSequence",
    0x00209116: "PlaneOrientationSequence",
    0x00209157: "DimensionIndexValues",
    0x00209221: "DimensionOrganizationSequence",
    0x00209222: "DimensionIndexSequence",
    0x00280002: "SamplesPerPixel",
    0x00280004: "PhotometricInterpretation",
    0x00280006: "PlanarConfiguration",
    0x00280008: "NumberOfFrames",
    0x00280010: "Rows",
    0x00280011: "Columns",
    0x00280030: "PixelSpacing",
    0x00280100: "BitsAllocated",
    0x00280101: "BitsStored",
    0x00280102: "HighBit",
    0x00280103: "PixelRepresentation",
    0x00280120: "PixelPaddingValue",
    0x00281050: "WindowCenter",
    0x00281051: "WindowWidth",
    0x00281052: "RescaleIntercept",
    0x00281053: "RescaleSlope",
    0x00289110: "PixelMeasuresSequence",
    0x00289145: "PixelValueTransformationSequence",
    0x00620001: "SegmentationType",
    0x00620002: "SegmentSequence",
    0x00620004: "SegmentNumber",
    0x00620005: "SegmentLabel",
    0x0062000A: "SegmentIdentificationSequence",
    0x0062000B: "ReferencedSegmentNumber",
    0x0062000E: "MaximumFractionalValue",
    0x00620010: "SegmentationFractionalType",
    0x30060002: "StructureSetLabel",
    0x30060010: "ReferencedFrameOfReferenceSequence",
    0x30060016: "ContourImageSequence",
    0x30060020: "StructureSetROISequence",
    0x30060022: "ROINumber",
    0x30060024: "ReferencedFrameOfReferenceUID",
    0x30060026: "ROIName",
    0x30060039: "ROIContourSequence",
    0x30060040: "ContourSequence",
    0x30060042: "ContourGeometricType",
    0x30060046: "NumberOfContourPoints",
    0x30060050: "ContourData",
    0x30060080: "RTROIObservationsSequence",
    0x30060084: "ReferencedROINumber",
    0x52009229: "SharedFunctionalGroupsSequence",
    0x52009230: "PerFrameFunctionalGroupsSequence",
    0x7FE00010: "PixelData",
}
TAGS = {v: k for k, v in KEYWORDS.items()}


def keyword(tag):
    return KEYWORDS.get(tag) or "(%04X,%04X)" % (tag >> 16, tag & 0xFFFF)


class ParseError(ValueError):
    pass


class Element:
    """One data element. ``value`` is bytes, a list of Item (SQ) or a
    list of fragments (encapsulated pixel data, ``encapsulated`` True)."""
    __slots__ = ("tag", "vr", "value", "undefined", "encapsulated")

    def __init__(self, tag, vr, value, undefined=False, encapsulated=False):
        self.tag, self.vr, self.value = tag, vr, value
        self.undefined, self.encapsulated = undefined, encapsulated

    @property
    def is_sequence(self):
        return self.vr == "SQ"

    def text(self):
        return bytes(self.value).decode("latin-1").rstrip("\0 ")

    def __repr__(self):
        return "Element(%s %s)" % (keyword(self.tag), self.vr)


class Item:
    __slots__ = ("elements", "undefined")

    def __init__(self, elements, undefined=False):
        self.elements, self.undefined = elements, undefined

    def find(self, tag):
        for e in self.elements:
            if e.tag == tag:
                return e
        return None


class Part10:
    """preamble: the first 132 bytes (or fewer in a hostile file);
    meta: list of Element; dataset: list of Element, or None with ``raw``
    holding the unparsed data set bytes."""

    def __init__(self, preamble, meta, dataset, raw=b""):
        self.preamble, self.meta, self.dataset, self.raw = preamble, meta, dataset, raw

    @property
    def transfer_syntax(self):
        for e in self.meta:
            if e.tag == 0x00020010:
                return e.text()
        return ""

    def find(self, tag):
        for e in (self.meta if tag >> 16 == 2 else (self.dataset or [])):
            if e.tag == tag:
                return e
        return None

    def walk(self):
        """Yield (path, element, container_list) for every element, depth-first,
        meta group first; path is a list of (tag, item index or None)."""
        for e in self.meta:
            yield [(e.tag, None)], e, self.meta
        if self.dataset is not None:
            yield from _walk(self.dataset, [])


def _walk(elements, prefix):
    for e in elements:
        path = prefix + [(e.tag, None)]
        yield path, e, elements
        if e.is_sequence:
            for i, item in enumerate(e.value):
                yield from _walk(item.elements, prefix + [(e.tag, i)])


def path_string(path):
    parts = []
    for tag, idx in path:
        parts.append(keyword(tag) + ("" if idx is None else "[%d]" % idx))
    return ".".join(parts)


# ---------------------------------------------------------------- parsing

def _parse_elements(buf, pos, end, depth=0):
    """Parse Explicit VR LE elements in buf[pos:end]; end None = until an item
    delimiter. Returns (elements, pos after, saw item delimiter)."""
    if depth > 32:
        raise ParseError("nesting too deep")
    out = []
    n = len(buf)
    while (end is None and pos < n) or (end is not None and pos < end):
        if pos + 8 > n:
            raise ParseError("truncated element header at %d" % pos)
        group, elem = struct.unpack_from("<HH", buf, pos)
        tag = (group << 16) | elem
        if tag == ITEM_DELIM:
            return out, pos + 8, True
        vrb = buf[pos + 4:pos + 6]
        try:
            vr = vrb.decode("ascii")
        except UnicodeDecodeError:
            raise ParseError("bad VR at %d" % pos)
        if not (len(vr) == 2 and vr.isalpha() and vr.isupper()):
            raise ParseError("bad VR %r at %d" % (vrb, pos))
        if vr in LONG_VRS:
            if pos + 12 > n:
                raise ParseError("truncated long header at %d" % pos)
            length = struct.unpack_from("<I", buf, pos + 8)[0]
            pos += 12
        else:
            length = struct.unpack_from("<H", buf, pos + 6)[0]
            pos += 8
        if vr == "SQ" or (vr == "UN" and length == UNDEFINED and tag != 0x7FE00010):
            if vr == "UN":
                raise ParseError("UN with undefined length (implicit VR content)")
            items, pos = _parse_sequence(buf, pos, length, depth)
            out.append(Element(tag, vr, items, undefined=(length == UNDEFINED)))
        elif length == UNDEFINED:
            frags = []
            while True:
                if pos + 8 > n:
                    raise ParseError("truncated encapsulated pixel data")
                g, e, ln = struct.unpack_from("<HHI", buf, pos)
                pos += 8
                t = (g << 16) | e
                if t == SEQ_DELIM:
                    break
                if t != ITEM:
                    raise ParseError("bad fragment tag %08X" % t)
                if pos + ln > n:
                    raise ParseError("truncated fragment")
                frags.append(bytes(buf[pos:pos + ln]))
                pos += ln
            out.append(Element(tag, vr, frags, undefined=True, encapsulated=True))
        else:
            if pos + length > n:
                raise ParseError("element %s runs past the end" % keyword(tag))
            out.append(Element(tag, vr, bytes(buf[pos:pos + length])))
            pos += length
    if end is not None and pos != end:
        raise ParseError("element overruns its container")
    return out, pos, False


def _parse_sequence(buf, pos, length, depth):
    items = []
    end = None if length == UNDEFINED else pos + length
    n = len(buf)
    while end is None or pos < end:
        if pos + 8 > n:
            raise ParseError("truncated sequence")
        g, e, ln = struct.unpack_from("<HHI", buf, pos)
        pos += 8
        tag = (g << 16) | e
        if tag == SEQ_DELIM:
            if end is not None:
                raise ParseError("sequence delimiter in defined-length sequence")
            return items, pos
        if tag != ITEM:
            raise ParseError("expected item, got %08X" % tag)
        if ln == UNDEFINED:
            elems, pos, delim = _parse_elements(buf, pos, None, depth + 1)
            if not delim:
                raise ParseError("missing item delimiter")
            items.append(Item(elems, undefined=True))
        else:
            if pos + ln > n:
                raise ParseError("item runs past the end")
            elems, _, _ = _parse_elements(buf, pos, pos + ln, depth + 1)
            pos += ln
            items.append(Item(elems, undefined=False))
    if pos != end:
        raise ParseError("item overruns its sequence")
    return items, pos


def dataset_is_explicit_le(ts):
    return ts == EXPLICIT_LE or ts.startswith(_EXPLICIT_LE_FAMILY_PREFIXES)


def parse(buf):
    """Parse a whole Part 10 file. Raises ParseError if it is not one with an
    Explicit VR LE meta group; a data set in another transfer syntax is kept
    as raw bytes (Part10.dataset None)."""
    if len(buf) < 132 or buf[128:132] != b"DICM":
        raise ParseError("no DICM prefix")
    pos = 132
    meta = []
    while pos + 8 <= len(buf) and struct.unpack_from("<H", buf, pos)[0] == 0x0002:
        elems, pos2, _ = _parse_one(buf, pos)
        meta.append(elems)
        pos = pos2
    p = Part10(bytes(buf[:132]), meta, None)
    ts = p.transfer_syntax
    if dataset_is_explicit_le(ts):
        p.dataset, _, _ = _parse_elements(buf, pos, len(buf))
    else:
        p.raw = bytes(buf[pos:])
    return p


def _parse_one(buf, pos):
    elems, _, _ = _parse_elements(buf, pos, _element_end(buf, pos))
    if len(elems) != 1:
        raise ParseError("bad meta element")
    return elems[0], _element_end(buf, pos), None


def _element_end(buf, pos):
    vr = buf[pos + 4:pos + 6].decode("latin-1")
    if vr in LONG_VRS:
        if pos + 12 > len(buf):
            raise ParseError("truncated meta")
        ln = struct.unpack_from("<I", buf, pos + 8)[0]
        if ln == UNDEFINED:
            raise ParseError("undefined length in meta")
        return pos + 12 + ln
    return pos + 8 + struct.unpack_from("<H", buf, pos + 6)[0]


def read(path):
    with open(path, "rb") as f:
        return parse(f.read())


# ---------------------------------------------------------------- writing

class LengthField:
    """Where one element's length field and value landed in the output."""
    __slots__ = ("path", "tag", "vr", "length_pos", "length_size", "value_pos",
                 "value_len", "undefined")

    def __init__(self, path, tag, vr, length_pos, length_size, value_pos, value_len,
                 undefined):
        self.path, self.tag, self.vr = path, tag, vr
        self.length_pos, self.length_size = length_pos, length_size
        self.value_pos, self.value_len, self.undefined = value_pos, value_len, undefined


class _Writer:
    def __init__(self):
        self.chunks = []
        self.size = 0
        self.fields = []

    def put(self, b):
        self.chunks.append(b)
        self.size += len(b)

    def patch_later(self, fmt):
        """Reserve a length field; return a setter."""
        idx = len(self.chunks)
        self.put(struct.pack(fmt, 0))

        def setter(v):
            self.chunks[idx] = struct.pack(fmt, v)
        return setter

    def bytes(self):
        return b"".join(self.chunks)


def _write_elements(w, elements, prefix):
    for e in elements:
        path = prefix + [(e.tag, None)]
        w.put(struct.pack("<HH", e.tag >> 16, e.tag & 0xFFFF))
        vr = e.vr.encode("latin-1")[:2].ljust(2, b" ")
        w.put(vr)
        long_ = e.vr in LONG_VRS
        if long_:
            w.put(b"\0\0")
        len_pos = w.size
        if e.is_sequence:
            set_len = w.patch_later("<I")
            start = w.size
            for i, item in enumerate(e.value):
                w.put(struct.pack("<HH", 0xFFFE, 0xE000))
                set_item = w.patch_later("<I")
                istart = w.size
                _write_elements(w, item.elements, prefix + [(e.tag, i)])
                if item.undefined:
                    w.put(struct.pack("<HHI", 0xFFFE, 0xE00D, 0))
                    set_item(UNDEFINED)
                else:
                    set_item(w.size - istart)
            if e.undefined:
                w.put(struct.pack("<HHI", 0xFFFE, 0xE0DD, 0))
                set_len(UNDEFINED)
            else:
                set_len(w.size - start)
            w.fields.append(LengthField(path, e.tag, e.vr, len_pos, 4, start, w.size - start,
                                        e.undefined))
        elif e.encapsulated:
            w.put(struct.pack("<I", UNDEFINED))
            start = w.size
            for frag in e.value:
                w.put(struct.pack("<HHI", 0xFFFE, 0xE000, len(frag)))
                w.put(frag)
            w.put(struct.pack("<HHI", 0xFFFE, 0xE0DD, 0))
            w.fields.append(LengthField(path, e.tag, e.vr, len_pos, 4, start, w.size - start,
                                        True))
        else:
            v = bytes(e.value)
            if long_:
                w.put(struct.pack("<I", len(v)))
            else:
                if len(v) > 0xFFFF:
                    raise ValueError("value of %s too long for VR %s" % (keyword(e.tag), e.vr))
                w.put(struct.pack("<H", len(v)))
            start = w.size
            w.put(v)
            w.fields.append(LengthField(path, e.tag, e.vr, len_pos, 4 if long_ else 2, start,
                                        len(v), False))


def serialize(p):
    """Return (bytes, [LengthField]) for a Part10 tree."""
    w = _Writer()
    w.put(p.preamble)
    meta = [e for e in p.meta if e.tag != 0x00020000]
    has_group_length = any(e.tag == 0x00020000 for e in p.meta)
    if has_group_length:
        body = _Writer()
        _write_elements(body, meta, [])
        gl = Element(0x00020000, "UL", struct.pack("<I", body.size))
        _write_elements(w, [gl], [])
    _write_elements(w, meta, [])
    if p.dataset is None:
        w.put(p.raw)
    else:
        _write_elements(w, p.dataset, [])
    return w.bytes(), w.fields


# ---------------------------------------------------------------- values

def encode_strings(vr, values):
    """Encode a str (or list of str joined by backslash) with DICOM padding."""
    if isinstance(values, (list, tuple)):
        values = "\\".join(str(v) for v in values)
    raw = str(values).encode("latin-1")
    if len(raw) % 2:
        raw += b"\0" if vr == "UI" else b" "
    return raw


def encode_binary(vr, values):
    if not isinstance(values, (list, tuple)):
        values = [values]
    fmt = BINARY_FMT[vr]
    return struct.pack("<%d%s" % (len(values), fmt), *values)


def encode(vr, value):
    """Encode a Python value for a VR (strings, numbers, lists or bytes)."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if vr in STRING_VRS:
        return encode_strings(vr, value)
    if vr in BINARY_FMT:
        return encode_binary(vr, value)
    raise ValueError("cannot encode VR %s" % vr)


def decode_numbers(e):
    """Best-effort numbers of an element (list; [] if not decodable)."""
    try:
        if e.vr in BINARY_FMT:
            fmt = BINARY_FMT[e.vr]
            n = len(e.value) // struct.calcsize(fmt)
            return list(struct.unpack_from("<%d%s" % (n, fmt), e.value))
        if e.vr in ("DS", "IS"):
            return [float(s) for s in e.text().split("\\") if s.strip()]
    except (ValueError, struct.error):
        pass
    return []


def set_value(elements, tag, vr, value):
    """Replace (or insert in tag order) a top-level element's value."""
    raw = encode(vr, value)
    for e in elements:
        if e.tag == tag:
            e.value = raw
            e.encapsulated = False
            return e
    new = Element(tag, vr, raw)
    idx = len(elements)
    for i, e in enumerate(elements):
        if e.tag > tag:
            idx = i
            break
    elements.insert(idx, new)
    return new


def remove(elements, tag):
    for i, e in enumerate(elements):
        if e.tag == tag:
            del elements[i]
            return True
    return False
