#pragma once

#include "BackendConfig.h"
#include "base/Result.h"

#include <QJsonObject>
#include <QProcessEnvironment>
#include <QStringList>

namespace s3c {

// Reads one "backends" entry: environment overrides first, then every field with its JSON type
// checked. Unknown keys are warnings, not errors (the parent's examples carry "comments").
class BackendConfigReader
{
public:
    BackendConfigReader(const QProcessEnvironment &env, QStringList *warnings);

    Result<BackendConfig> read(int index, QJsonObject object) const;

    // Go's strconv.ParseBool, as the parent parses its VGW_ booleans.
    static std::optional<bool> parseBool(const QString &text);

private:
    // S3CASCADE_BACKEND_<N>_<FIELD>, else VGW_S3_MULTI_BACKEND_<N>_<FIELD>, into `object`.
    Status applyEnvironment(int index, QJsonObject &object) const;

    QProcessEnvironment m_env;
    QStringList *m_warnings;
};

} // namespace s3c
