#pragma once

#include "AuthContext.h"
#include "Checksum.h"
#include "http/HttpRequest.h"
#include "base/Result.h"

#include <QByteArray>
#include <QMap>

#include <memory>
#include <optional>
#include <vector>

namespace s3c {

// The digests a request body must match, collected from its head and its trailer, computed as
// the decoded body streams by, compared at the end:
//  - x-amz-content-sha256 with a hex value: SHA-256 of the body (XAmzContentSHA256Mismatch)
//  - Content-MD5 (RFC 1864; malformed: InvalidDigest, different: BadDigest)
//  - one x-amz-checksum-<algorithm> header, or one declared in x-amz-trailer and sent in the
//    aws-chunked trailer ("Checking object integrity", S3 user guide; different: BadDigest)
class PayloadChecks
{
public:
    static Result<std::unique_ptr<PayloadChecks>> fromRequest(const HttpRequest &request,
                                                              const AuthContext &auth);

    void addData(QByteArrayView data);
    // A trailer line arrived: an x-amz-checksum-* value declared in x-amz-trailer is recorded;
    // any other trailer, or a declared one a second time, is MalformedTrailerError.
    Status trailer(QByteArrayView name, QByteArrayView value);
    // Every checksum announced in x-amz-trailer arrived.
    Status trailersComplete() const;
    // The body ended: compare everything. On success the checksums count as verified.
    Status verify();

    // After verify(): "CRC32" -> base64 for each verified flexible checksum.
    QMap<QByteArray, QByteArray> verifiedChecksums() const { return m_verified; }
    QByteArray md5() const { return m_md5Result; } // binary MD5 if Content-MD5 was checked

private:
    struct Expected
    {
        std::unique_ptr<Checksum> running;
        QByteArray value; // raw digest expected; empty until a trailer brings it
        bool fromTrailer = false;
        bool received = false; // the trailer arrived (each declared one exactly once)
    };

    PayloadChecks() = default;
    Status addHeaderChecksums(const HttpRequest &request);
    Status addTrailerDeclarations(const HttpRequest &request, const AuthContext &auth);

    std::optional<Hasher> m_sha256;
    QByteArray m_expectedSha256;
    std::unique_ptr<Checksum> m_md5;
    QByteArray m_expectedMd5;
    QByteArray m_md5Result;
    std::vector<Expected> m_checksums;
    QMap<QByteArray, QByteArray> m_verified;
};

} // namespace s3c
