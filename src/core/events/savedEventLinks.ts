// A saved event is a file in the workspace, and a workspace can come from anyone (a cloned
// repository): one that is a symbolic link, or lies under a linked folder, leading out of the
// workspace folder would send whatever it points at (~/.docker/config.json) to Lambda as an event,
// or have a save overwrite it. Such a file is refused; a link that stays inside the folder is fine.
// The paths are resolved by the caller (realpath); this decides and words it.
import { isInside } from '../deploy/pathInside';

/** Why reading the saved event `shown` is refused, or undefined when its real path stays in the folder. */
export function savedEventReadRefusal(
  shown: string,
  realFolder: string,
  realPath: string,
): string | undefined {
  if (isInside(realFolder, realPath)) return undefined;
  return `${shown} leads outside the workspace folder, to ${realPath}, through a symbolic link: it is not read, so that a workspace cannot send your other files as an event. Copy the event into the workspace instead of linking to it. Nothing was sent.`;
}

/** Why saving over `shown` is refused, or undefined when where it would be written stays in the folder. */
export function savedEventWriteRefusal(
  shown: string,
  realFolder: string,
  realPath: string,
): string | undefined {
  if (isInside(realFolder, realPath)) return undefined;
  return `Could not save ${shown}: it leads outside the workspace folder, to ${realPath}, through a symbolic link, and saving would write there. Remove the link, or save the event under another name.`;
}
