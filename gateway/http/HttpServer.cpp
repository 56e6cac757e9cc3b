// Placeholder: being written.
namespace s3c {
}
