"""Thumbnail generator for the thumbsvc upload bucket.

Triggered by s3:ObjectCreated:* events for keys under ``uploads/``. Each image
is resized to at most THUMBNAIL_WIDTH pixels wide (aspect ratio preserved) and
written back to the same bucket under THUMBNAIL_PREFIX.
"""

import io
import logging
import os
import posixpath
from urllib.parse import unquote_plus

import boto3
from PIL import Image, ImageOps

LOG = logging.getLogger()
LOG.setLevel(logging.INFO)

S3 = boto3.client("s3")
THUMBNAIL_WIDTH = int(os.environ.get("THUMBNAIL_WIDTH", "256"))
THUMBNAIL_PREFIX = os.environ.get("THUMBNAIL_PREFIX", "thumbnails/")
SUPPORTED_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def make_thumbnail(data: bytes) -> tuple[bytes, str]:
    """Return (thumbnail bytes, content type) for the given image bytes."""
    with Image.open(io.BytesIO(data)) as image:
        fmt = image.format if image.format in SUPPORTED_FORMATS else "JPEG"
        image = ImageOps.exif_transpose(image)
        if fmt == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        if image.width > THUMBNAIL_WIDTH:
            height = max(1, round(image.height * THUMBNAIL_WIDTH / image.width))
            image = image.resize((THUMBNAIL_WIDTH, height), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        image.save(out, format=fmt, optimize=True)
        return out.getvalue(), SUPPORTED_FORMATS[fmt]


def thumbnail_key(source_key: str) -> str:
    """uploads/2024/cat.jpg -> thumbnails/2024/cat.jpg"""
    relative = source_key.split("/", 1)[1] if "/" in source_key else source_key
    return posixpath.join(THUMBNAIL_PREFIX, relative)


def lambda_handler(event, context):
    results = []
    for record in event.get("Records", []):
        bucket = record["s3"]["bucket"]["name"]
        key = unquote_plus(record["s3"]["object"]["key"])
        if key.startswith(THUMBNAIL_PREFIX):
            LOG.info("Skipping %s: already a thumbnail", key)
            continue

        LOG.info("Creating thumbnail for s3://%s/%s", bucket, key)
        original = S3.get_object(Bucket=bucket, Key=key)["Body"].read()
        try:
            body, content_type = make_thumbnail(original)
        except (OSError, ValueError) as exc:  # not an image Pillow can read
            LOG.warning("Cannot thumbnail %s: %s", key, exc)
            results.append({"source": key, "status": "skipped"})
            continue

        target = thumbnail_key(key)
        S3.put_object(Bucket=bucket, Key=target, Body=body, ContentType=content_type)
        LOG.info("Wrote s3://%s/%s (%d bytes)", bucket, target, len(body))
        results.append({"source": key, "thumbnail": target, "status": "ok"})

    return {"processed": len(results), "results": results}
