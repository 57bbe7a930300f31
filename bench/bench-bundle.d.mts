export declare function bundleEntries<Name extends string>(
  cache: string,
  entries: Record<Name, string>,
): Promise<Record<Name, string>>;
