// A packaging problem the user can fix (a symlink escaping the folder, a vanished file, a package
// over Lambda's limits, a TypeScript error). Its message says what to do; no stack is needed.
export class PackagingError extends Error {
  override readonly name = 'PackagingError';
}

/** The message for an I/O error on one path, naming the path and what to do. */
export function describeFileError(error: unknown, shownPath: string): PackagingError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT')
    return new PackagingError(
      `${shownPath} disappeared while it was being packaged (is a build or a watcher writing to the folder?). Deploy again when it has finished.`,
    );
  if (code === 'EACCES' || code === 'EPERM')
    return new PackagingError(
      `Cannot read ${shownPath} (permission denied). Fix its permissions or leave it out with .lambdaignore.`,
    );
  if (code === 'ELOOP')
    return new PackagingError(
      `${shownPath} is a symbolic link loop. Remove the link or leave it out with .lambdaignore.`,
    );
  if (code === 'EISDIR' || code === 'ENOTDIR')
    return new PackagingError(
      `${shownPath} changed between a file and a folder while it was being packaged. Deploy again.`,
    );
  return new PackagingError(
    `Cannot read ${shownPath}: ${(error as Error)?.message ?? String(error)}`,
  );
}
