#pragma once

#include "AuthContext.h"
#include "http/BodyStream.h"
#include "http/HttpLimits.h"
#include "http/HttpRequest.h"
#include "base/Result.h"

#include <QMap>

namespace s3c {

// Wraps a raw request body and hands out the decoded payload, verified as it streams:
//  - SignedHex: SHA-256 of the body must equal x-amz-content-sha256 (XAmzContentSHA256Mismatch)
//  - aws-chunked (all STREAMING-* modes): chunk framing decoded, each chunk signature checked
//    from the seed signature (SignatureDoesNotMatch), trailers parsed, trailer signature checked
//  - Content-MD5 (BadDigest / InvalidDigest) and x-amz-checksum-crc32|crc32c|sha1|sha256 from a
//    header or a trailer (BadDigest)
//  - the decoded length must match x-amz-decoded-content-length / Content-Length (IncompleteBody)
//    and stay within maxBytes (EntityTooLarge)
//  - trailers: exactly those x-amz-trailer declared, each once (MalformedTrailerError)
// The last bytes are held back until every check passed, so a reader never sees a complete
// body that is wrong; on a mismatch the stream fails (BodyStream::failed) and error() says why.
class PayloadVerifier : public BodyStream
{
    Q_OBJECT
public:
    // Returns an error at once for a malformed set-up (bad Content-MD5 syntax, unknown checksum
    // algorithm, aws-chunked without x-amz-decoded-content-length, ...). `raw` is not owned.
    // `maxBytes` caps the decoded body (S3's single PUT limit, EntityTooLarge): checked against
    // the declared length up front and against the bytes actually decoded as they stream, so a
    // chunked or aws-chunked body cannot pass more than a Content-Length could announce.
    // x-amz-decoded-content-length counts only in the STREAMING-* modes.
    static Result<PayloadVerifier *> create(BodyStream *raw, const HttpRequest &request,
                                            const AuthContext &auth, QObject *parent = nullptr,
                                            qint64 maxBytes = HttpLimits().maxSinglePutBytes);

    ~PayloadVerifier() override;

    qint64 expectedLength() const override;
    bool isFinished() const override;
    bool hasFailed() const override;
    // True once the verified body was read to its end (or the stream failed); QIODevice's default
    // would say true whenever nothing is buffered, even mid-body.
    bool atEnd() const override;
    QMap<QByteArray, QByteArray> verifiedChecksums() const override;
    // Public as in QIODevice (it was protected here, which hid it from PayloadVerifier* users).
    qint64 bytesAvailable() const override;
    Failure failure() const; // why it failed (or the raw stream's failure as IncompleteBody)
    // After finished(): the verified checksums, "CRC32" -> base64, and the body's MD5 (binary)
    // if it was computed (Content-MD5 given).
    QMap<QByteArray, QByteArray> checksums() const;

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 maxSize) override;

private:
    explicit PayloadVerifier(QObject *parent);
    class Private;
    Private *d;
};

} // namespace s3c
