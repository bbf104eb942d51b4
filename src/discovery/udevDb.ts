// Properties of a block device from udev's database (/run/udev/data/b<M>:<m>,
// the file libudev's udev_device_get_property_value reads). Used where one
// property is needed and loading libudev would cost more than the answer.
import { readFileSync } from "node:fs";

export function udevProperties(devt: string, runUdev = "/run/udev"): Map<string, string> | null {
  let text: string;
  try {
    text = readFileSync(`${runUdev}/data/b${devt}`, "utf8");
  } catch {
    return null;
  }
  const props = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (!line.startsWith("E:")) continue;
    const eq = line.indexOf("=");
    if (eq > 2) props.set(line.slice(2, eq), line.slice(eq + 1));
  }
  return props;
}
