#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace s3c {

// One <CORSRule> of a bucket's CORS configuration (PutBucketCors, "CORSRule" data type). Every
// value has been validated by CorsXml: origins and headers are visible ASCII, methods are the
// five S3 allows, expose headers are tokens (they are written into response heads as they are).
struct CorsRule
{
    QString id;
    QList<QByteArray> allowedOrigins; // at most one '*' each
    QList<QByteArray> allowedMethods; // GET PUT POST DELETE HEAD
    QList<QByteArray> allowedHeaders; // lowercased; at most one '*' each
    QList<QByteArray> exposeHeaders;  // tokens, as given
    int maxAgeSeconds = -1;           // -1: not set
};

// A bucket's rules, in the order given: the first one that matches a request decides.
struct CorsConfiguration
{
    QList<CorsRule> rules;
};

} // namespace s3c
