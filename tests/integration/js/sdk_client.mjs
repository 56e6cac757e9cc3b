// The AWS SDK for JavaScript v3 against the gateway, as a web or Node application uses it.
// Driven by test_js_sdk.py: argv[2] is a command, the rest its arguments; prints one JSON line.
// The SDK comes from npm into <source>/.deps/node (tests/run-tests.sh installs it).
import { createRequire } from "node:module";
import { readFileSync, writeFileSync } from "node:fs";

const require = createRequire(process.env.S3C_NODE_MODULES + "/");
const s3 = require("@aws-sdk/client-s3");
const { Upload } = require("@aws-sdk/lib-storage");
const { getSignedUrl } = require("@aws-sdk/s3-request-presigner");

const client = new s3.S3Client({
  endpoint: process.env.S3C_ENDPOINT,
  region: process.env.AWS_DEFAULT_REGION,
  forcePathStyle: true,
  maxAttempts: 1,
  credentials: {
    accessKeyId: process.env.AWS_ACCESS_KEY_ID,
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY,
  },
});

async function bodyBytes(body) {
  return Buffer.from(await body.transformToByteArray());
}

const commands = {
  async createBucket(bucket) {
    await client.send(new s3.CreateBucketCommand({ Bucket: bucket }));
    return {};
  },
  // PutObject with the SDK's default flexible checksum (CRC32 in an aws-chunked trailer).
  async put(bucket, key, file, contentType) {
    const r = await client.send(new s3.PutObjectCommand({
      Bucket: bucket, Key: key, Body: readFileSync(file), ContentType: contentType,
      Metadata: { origin: "js-sdk" },
    }));
    return { etag: r.ETag };
  },
  async get(bucket, key, file) {
    const r = await client.send(new s3.GetObjectCommand({ Bucket: bucket, Key: key }));
    writeFileSync(file, await bodyBytes(r.Body));
    return { etag: r.ETag, contentType: r.ContentType, metadata: r.Metadata,
             length: r.ContentLength };
  },
  async range(bucket, key, range) {
    const r = await client.send(new s3.GetObjectCommand({ Bucket: bucket, Key: key, Range: range }));
    return { contentRange: r.ContentRange, body: (await bodyBytes(r.Body)).toString("hex") };
  },
  async head(bucket, key) {
    try {
      const r = await client.send(new s3.HeadObjectCommand({ Bucket: bucket, Key: key }));
      return { status: 200, length: r.ContentLength, etag: r.ETag };
    } catch (e) {
      return { status: e.$metadata?.httpStatusCode, name: e.name };
    }
  },
  async getMissing(bucket, key) {
    try {
      await client.send(new s3.GetObjectCommand({ Bucket: bucket, Key: key }));
      return { status: 200 };
    } catch (e) {
      return { status: e.$metadata?.httpStatusCode, name: e.name, code: e.Code };
    }
  },
  async list(bucket, prefix, delimiter) {
    const keys = [], prefixes = [];
    let token;
    do {
      const r = await client.send(new s3.ListObjectsV2Command({
        Bucket: bucket, Prefix: prefix, Delimiter: delimiter || undefined, MaxKeys: 2,
        ContinuationToken: token,
      }));
      (r.Contents || []).forEach((o) => keys.push([o.Key, o.Size]));
      (r.CommonPrefixes || []).forEach((p) => prefixes.push(p.Prefix));
      token = r.IsTruncated ? r.NextContinuationToken : undefined;
    } while (token);
    return { keys, prefixes };
  },
  // lib-storage's Upload: parallel multipart parts, as browsers and Node apps send big files.
  async upload(bucket, key, file, partMiB) {
    const up = new Upload({
      client, queueSize: 2, partSize: Number(partMiB) * 1024 * 1024,
      params: { Bucket: bucket, Key: key, Body: readFileSync(file) },
    });
    const r = await up.done();
    return { etag: r.ETag };
  },
  async copy(bucket, src, dst) {
    const r = await client.send(new s3.CopyObjectCommand({
      Bucket: bucket, Key: dst, CopySource: `${bucket}/${encodeURIComponent(src)}`,
    }));
    return { etag: r.CopyObjectResult?.ETag };
  },
  async deleteMany(bucket, ...keys) {
    const r = await client.send(new s3.DeleteObjectsCommand({
      Bucket: bucket, Delete: { Objects: keys.map((k) => ({ Key: k })) },
    }));
    return { deleted: (r.Deleted || []).map((d) => d.Key).sort(), errors: r.Errors || [] };
  },
  // Presigned URLs from the SDK, used with plain fetch() as a page hands them to a browser.
  async presignRoundTrip(bucket, key, text) {
    const putUrl = await getSignedUrl(client, new s3.PutObjectCommand({ Bucket: bucket, Key: key }),
                                      { expiresIn: 300 });
    const put = await fetch(putUrl, { method: "PUT", body: text });
    const getUrl = await getSignedUrl(client, new s3.GetObjectCommand({ Bucket: bucket, Key: key }),
                                      { expiresIn: 300 });
    const get = await fetch(getUrl);
    const tampered = await fetch(getUrl.replace(key, key + "x"));
    return { put: put.status, get: get.status, body: await get.text(), tampered: tampered.status };
  },
};

const [cmd, ...args] = process.argv.slice(2);
try {
  console.log(JSON.stringify(await commands[cmd](...args)));
} catch (e) {
  console.log(JSON.stringify({ error: e.name, message: e.message,
                               status: e.$metadata?.httpStatusCode }));
  process.exit(3);
}
