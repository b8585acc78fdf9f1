"""Reference AWS Signature Version 4 values for S3 from botocore, for checking the Swift signer byte for byte.

Run with the botocore pinned in scripts/requirements-s3.txt (var/venv-s3, made by scripts/s3-test-server.sh):
    var/venv-s3/bin/python Tests/MediaTests/Fixtures/presign_reference.py [presign|headers|all|aws-examples]
The output of `all` (the default) is committed as Tests/MediaTests/Fixtures/presign_reference.jsonl, which
SigV4Tests compares the Swift signer with; regenerate it after changing this script or the botocore pin:
    scripts/s3-test-server.sh start   # once, to make var/venv-s3 (then stop it with the DIR and PID it printed)
    var/venv-s3/bin/python Tests/MediaTests/Fixtures/presign_reference.py >Tests/MediaTests/Fixtures/presign_reference.jsonl
Prints one JSON object per line, with its inputs and what botocore makes of them:
    aws-examples: AWS's own published examples (S3 SigV4 docs, GET /test.txt, 2013-05-24), which botocore must
             match; main checks them before printing anything in every mode, and prints them in all and aws-examples.
    presign: the presigned GET URL (query-string auth, X-Amz-Expires 300), made twice, with the client's
             generate_presigned_url and with botocore.auth.S3SigV4QueryAuth on a bare request, and checked equal;
             plain, and with response-content-disposition and response-content-type (the download name and type
             the storage asks S3 to answer with; the disposition is built like App's MediaRoutes.attachment).
    headers: the Authorization, x-amz-date and x-amz-content-sha256 headers of a header-signed PUT (of BODY,
             unsigned and signed Content-Type, and with x-amz-server-side-encryption too) and GET, and of the
             multipart upload's requests with their query strings, from botocore.auth.S3SigV4Auth.
Addressing: path-style for both endpoints, and virtual-hosted (the bucket in the host name) for the one with a
host name (an IP address has no subdomains).
Every line also holds the canonical request and the string to sign, to show where a mismatch starts.
The clock is fixed at 2026-12-02T10:00:00Z (botocore.auth.get_current_datetime is replaced), so the output
never changes for a given botocore version.
"""
import datetime
import hashlib
import json
import sys

import boto3
import botocore
import botocore.auth
from botocore.auth import S3SigV4Auth, S3SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.utils import percent_encode

ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
REGIONS = ["auto", "us-east-1"]
ENDPOINTS = ["https://example-account.r2.cloudflarestorage.com", "http://127.0.0.1:9000"]
BUCKET = "hc-media"
KEYS = [
    "studies/2026/12/IMG0001.dcm",
    "reports/Blood test results 2026.pdf",
    "patients/\u0623\u062d\u0645\u062f/\u0635\u0648\u0631\u0629.png",  # Arabic letters
    "a+b/c+d.txt",
    "scans/Ali Ahmed + \u0639\u0644\u064a (copy).dcm",  # spaces, Arabic letters and '+' together
    "ascii/ !\"#$%&'()*+,-.:;<=>?@[\\]^_`{|}~.bin",  # every printable ASCII character that is not a letter or digit
    "dir//double/./dot/../seg",  # S3 keeps '//', '.' and '..' as they are
]
# (filename, Content-Type) for presigned URLs that name their download, one per key in turn.
DOWNLOADS = [("\u0635\u0648\u0631\u0629 \u0627\u0644\u0623\u0634\u0639\u0629 (2).jpg", "image/jpeg"),
             ('Report "final" 100%; v2\\a.pdf', "application/pdf"), ("notes+draft.txt", "text/plain; charset=utf-8")]
# The multipart upload's requests: (method, query pairs, body). An upload id as moto and S3 make them has
# characters that must be encoded in the query.
UPLOAD_ID = "2~iDy_B.4x+Zp/Qm=="
MULTIPART = [
    ("POST", [("uploads", "")], ""),
    ("PUT", [("partNumber", "2"), ("uploadId", UPLOAD_ID)], "part two\n"),
    ("POST", [("uploadId", UPLOAD_ID)],
     '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"a"</ETag></Part></CompleteMultipartUpload>'),
    ("DELETE", [("uploadId", UPLOAD_ID)], ""),
]
SSE = "AES256"
EXPIRES = 300
TIME = datetime.datetime(2026, 12, 2, 10, 0, 0)  # UTC, naive like botocore's own clock
BODY = "Health Connect test body\n"
CONTENT_TYPE = "application/dicom"

botocore.auth.get_current_datetime = lambda *args, **kwargs: TIME  # TIME read at each call


class Capture:
    """Keeps the canonical request and string to sign that botocore signs."""

    def canonical_request(self, request):
        self.captured_canonical_request = super().canonical_request(request)
        return self.captured_canonical_request

    def string_to_sign(self, request, canonical_request):
        self.captured_string_to_sign = super().string_to_sign(request, canonical_request)
        return self.captured_string_to_sign


class QueryAuth(Capture, S3SigV4QueryAuth):
    pass


class HeaderAuth(Capture, S3SigV4Auth):
    pass


def credentials():
    return Credentials(ACCESS_KEY_ID, SECRET_ACCESS_KEY)


def object_url(endpoint, addressing, key, query=None):
    # botocore's rule for the {Key+} label of S3's REST paths: UTF-8, then percent-encode everything but
    # A-Z a-z 0-9 - _ . ~ and '/'. The canonical request then uses this path as it is (S3 is not normalised
    # and not encoded a second time).
    path = percent_encode(key, safe="/~")
    if addressing == "virtual":
        scheme, _, host = endpoint.partition("://")
        url = f"{scheme}://{BUCKET}.{host}/{path}"
    else:
        url = f"{endpoint}/{BUCKET}/{path}"
    if query:
        url += "?" + "&".join(percent_encode(k) + ("=" + percent_encode(v) if v else "") for k, v in query)
    return url


def attachment(name):
    """App's MediaRoutes.attachment: RFC 6266 with an ASCII fallback and an RFC 5987 UTF-8 name."""
    ascii_name = "".join(c if c.isascii() and c not in '"\\' and ord(c) >= 0x20 else "_" for c in name)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{percent_encode(name, safe='~')}"


def inputs(region, endpoint, addressing, key):
    return {"access_key_id": ACCESS_KEY_ID, "secret_access_key": SECRET_ACCESS_KEY, "region": region,
            "endpoint": endpoint, "addressing": addressing, "bucket": BUCKET, "key": key,
            "time": TIME.strftime("%Y-%m-%dT%H:%M:%SZ")}


def presign(region, endpoint, addressing, key, download=None):
    params = {"Bucket": BUCKET, "Key": key}
    query = []
    extra = {}
    if download:
        filename, content_type = download
        # In the order botocore's serializer puts them (GetObject's members), before the auth parameters.
        params.update(ResponseContentDisposition=attachment(filename), ResponseContentType=content_type)
        query = [("response-content-disposition", attachment(filename)), ("response-content-type", content_type)]
        extra = {"filename": filename, "response_content_disposition": attachment(filename),
                 "response_content_type": content_type}
    auth = QueryAuth(credentials(), "s3", region, expires=EXPIRES)
    request = AWSRequest(method="GET", url=object_url(endpoint, addressing, key, query), headers={})
    auth.add_auth(request)
    client = boto3.client("s3", endpoint_url=endpoint, region_name=region, aws_access_key_id=ACCESS_KEY_ID,
                          aws_secret_access_key=SECRET_ACCESS_KEY,
                          config=Config(signature_version="s3v4", s3={"addressing_style": addressing}))
    from_client = client.generate_presigned_url("get_object", Params=params, ExpiresIn=EXPIRES)
    if from_client != request.url:
        sys.exit(f"error: generate_presigned_url and S3SigV4QueryAuth differ:\n  {from_client}\n  {request.url}")
    return dict(inputs(region, endpoint, addressing, key), mode="presign", method="GET", expires=EXPIRES,
                canonical_request=auth.captured_canonical_request, string_to_sign=auth.captured_string_to_sign,
                url=request.url, **extra)


def header_signed(region, endpoint, addressing, key, method, body, content_type=None, sse=None, query=None):
    headers = {"Content-Type": content_type} if content_type else {}
    if sse:
        headers["x-amz-server-side-encryption"] = sse
    request = AWSRequest(method=method, url=object_url(endpoint, addressing, key, query), data=body.encode(),
                         headers=headers)
    auth = HeaderAuth(credentials(), "s3", region)
    auth.add_auth(request)
    sent = {name: request.headers[name] for name in ("Authorization", "X-Amz-Date", "X-Amz-Content-SHA256")}
    if content_type:
        sent["Content-Type"] = content_type
    if sse:
        sent["x-amz-server-side-encryption"] = sse
    assert sent["X-Amz-Content-SHA256"] == hashlib.sha256(body.encode()).hexdigest()
    return dict(inputs(region, endpoint, addressing, key), mode="headers", method=method, body=body,
                signed_content_type=content_type, sse=sse, query=query or [], url=request.url,
                canonical_request=auth.captured_canonical_request, string_to_sign=auth.captured_string_to_sign,
                headers=sent)


def aws_examples():
    """The examples in AWS's S3 SigV4 documentation (query-string auth, and a GET with a Range header)."""
    global TIME
    saved, TIME = TIME, datetime.datetime(2013, 5, 24)
    try:
        url = "https://examplebucket.s3.amazonaws.com/test.txt"
        request = AWSRequest(method="GET", url=url, headers={})
        S3SigV4QueryAuth(credentials(), "s3", "us-east-1", expires=86400).add_auth(request)
        presigned = request.url
        request = AWSRequest(method="GET", url=url, headers={"Range": "bytes=0-9"})
        S3SigV4Auth(credentials(), "s3", "us-east-1").add_auth(request)
        authorization = request.headers["Authorization"]
    finally:
        TIME = saved
    assert presigned.endswith("&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"), presigned
    assert authorization.endswith("Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"), authorization
    return [{"mode": "aws-example", "method": "GET", "url": presigned, "expires": 86400, "time": "2013-05-24T00:00:00Z"},
            {"mode": "aws-example", "method": "GET", "url": url, "time": "2013-05-24T00:00:00Z",
             "headers": {"Range": "bytes=0-9", "Authorization": authorization,
                         "X-Amz-Content-SHA256": request.headers["X-Amz-Content-SHA256"],
                         "X-Amz-Date": request.headers["X-Amz-Date"]}}]


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "all"
    if mode not in ("presign", "headers", "all", "aws-examples"):
        sys.exit("usage: presign_reference.py [presign|headers|all|aws-examples]")
    examples = aws_examples()
    if mode in ("aws-examples", "all"):
        for line in examples:
            line.update(access_key_id=ACCESS_KEY_ID, secret_access_key=SECRET_ACCESS_KEY, region="us-east-1",
                        botocore=botocore.__version__)
            print(json.dumps(line, ensure_ascii=False, sort_keys=True))
        if mode == "aws-examples":
            return
    for region in REGIONS:
        for endpoint in ENDPOINTS:
            for addressing in ["path", "virtual"] if endpoint.startswith("https://") else ["path"]:
                for index, key in enumerate(KEYS):
                    lines = []
                    if mode in ("presign", "all"):
                        lines.append(presign(region, endpoint, addressing, key))
                        lines.append(presign(region, endpoint, addressing, key, DOWNLOADS[index % len(DOWNLOADS)]))
                    if mode in ("headers", "all"):
                        lines.append(header_signed(region, endpoint, addressing, key, "PUT", BODY))
                        lines.append(header_signed(region, endpoint, addressing, key, "PUT", BODY, CONTENT_TYPE))
                        lines.append(header_signed(region, endpoint, addressing, key, "PUT", BODY, CONTENT_TYPE, SSE))
                        lines.append(header_signed(region, endpoint, addressing, key, "GET", ""))
                        if index == 0:
                            for method, query, body in MULTIPART:
                                lines.append(header_signed(region, endpoint, addressing, key, method, body,
                                                           CONTENT_TYPE if query == [("uploads", "")] else None,
                                                           query=query))
                    for line in lines:
                        line["botocore"] = botocore.__version__
                        print(json.dumps(line, ensure_ascii=False, sort_keys=True))


if __name__ == "__main__":
    main()
