# CPack for Linux: `cmake --build BUILD --target package` writes s3cascade_VERSION_ARCH.deb and
# s3cascade-VERSION-Linux.tar.gz into BUILD (tests/package validates both). Included from the top
# CMakeLists after every install() rule; S3C_DEB_VERSION and S3C_MAINTAINER come from
# installer/linux/CMakeLists.txt.
set(CPACK_PACKAGE_NAME s3cascade)
set(CPACK_PACKAGE_VENDOR "The s3cascade maintainers")
set(CPACK_PACKAGE_VERSION ${S3C_DEB_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "S3 gateway cascading reads across storage backends")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://github.com/s3cascade/s3cascade")
set(CPACK_PACKAGE_CONTACT ${S3C_MAINTAINER})
set(CPACK_GENERATOR DEB TGZ)
# Both packages hold the tree the way it lands on the system (/usr, /etc, /lib): the unit and its
# settings use absolute paths, so everything is staged under DESTDIR and nothing is written
# outside the build tree while packing, even when packing as root.
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_SET_DESTDIR ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_IGNORE_FILES "/build.*/" "/\\\\.git/" "/\\\\.deps/")
# Everything in one package (components only sort the install rules); the test programs and
# the fuzzers are not installed by any rule.
set(CPACK_COMPONENTS_ALL gateway desktop doc service)
set(CPACK_DEB_COMPONENT_INSTALL OFF)
set(CPACK_ARCHIVE_COMPONENT_INSTALL OFF)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${S3C_MAINTAINER})
# Debian's description: CPack puts CPACK_PACKAGE_DESCRIPTION_SUMMARY on the synopsis line; this
# is the long text (lines under 80 columns, "." for an empty line).
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "s3cascade answers S3 clients (aws cli, boto3, s3cmd, rclone, the AWS
SDKs) that sign with AWS Signature Version 4. It stores objects in a local
directory, or in front of several local directories and S3 services whose
reads cascade in order until the object is found; writes go to the first.
.
The package holds the gateway with its Qt admin window (endpoint and keys,
backends in cascade order, presigned URLs with QR codes, statistics per
backend) and a hardened systemd service, s3cascade.service, that runs it
headless with its state in /var/lib/s3cascade.")
# Library dependencies from dpkg-shlibdeps; the Qt platform plugins are loaded with dlopen(), so
# the window needs qt6-qpa-plugins named by hand. Qt's own translations only make the standard
# buttons Portuguese: recommended, not needed.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-translations-l10n")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "awscli")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE ${CPACK_PACKAGE_HOMEPAGE_URL})
# The settings file is the admin's: dpkg keeps their changes over upgrades.
file(WRITE ${CMAKE_BINARY_DIR}/installer/linux/debian/conffiles "/etc/s3cascade/s3cascade.env\n")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${CMAKE_BINARY_DIR}/installer/linux/debian/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

include(CPack)
