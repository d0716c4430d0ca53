import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { normalizePrefix } from './layout';

/**
 * Where the trail's files are read from: the trail bucket, or a local folder of the same layout (a download made
 * with `aws s3 sync`). Keys are relative to the bucket or folder and include the prefix.
 */
export interface TrailSource {
  /** `s3://bucket/prefix/` or the folder, for messages. */
  readonly label: string;
  /** The prefix under which `AWSLogs/` sits: empty or ending in `/`. */
  readonly root: string;
  /** The names of the sub-folders directly under `prefix` (which ends in `/`). */
  listFolders(prefix: string): Promise<string[]>;
  /** The keys of the files directly under `prefix`. */
  listFiles(prefix: string): Promise<string[]>;
  read(key: string): Promise<Buffer>;
  /**
   * A digest file's own signature. S3 keeps it in the object's `x-amz-meta-signature` metadata; a local copy keeps it
   * in a `<digest file>.signature` file beside it (hex, as S3 holds it). Undefined when it is not available.
   */
  signature(key: string): Promise<string | undefined>;
}

/** `s3://bucket/prefix` or a folder path. */
export function parseSourceArg(
  arg: string,
): { kind: 's3'; bucket: string; prefix: string } | { kind: 'folder'; dir: string } {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(arg);
  if (m) return { kind: 's3', bucket: m[1], prefix: normalizePrefix(m[2]) };
  return { kind: 'folder', dir: arg };
}

export class FolderSource implements TrailSource {
  readonly label: string;
  readonly root = '';

  constructor(private readonly dir: string) {
    this.label = dir;
  }

  async listFolders(prefix: string): Promise<string[]> {
    const entries = await this.entries(prefix);
    return entries
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  }

  async listFiles(prefix: string): Promise<string[]> {
    const entries = await this.entries(prefix);
    return entries
      .filter((e) => e.isFile())
      .map((e) => `${prefix}${e.name}`)
      .sort();
  }

  read(key: string): Promise<Buffer> {
    return fs.readFile(path.join(this.dir, key));
  }

  async signature(key: string): Promise<string | undefined> {
    try {
      return (await fs.readFile(path.join(this.dir, `${key}.signature`), 'utf8')).trim();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  private async entries(prefix: string) {
    try {
      return await fs.readdir(path.join(this.dir, prefix), { withFileTypes: true });
    } catch (e) {
      // A day, account or region with no files has no folder: nothing to read there.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  }
}

export class S3Source implements TrailSource {
  readonly label: string;

  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    readonly root: string,
  ) {
    this.label = `s3://${bucket}/${root}`;
  }

  async listFolders(prefix: string): Promise<string[]> {
    const names: string[] = [];
    await this.list(prefix, '/', (page) => {
      for (const p of page.CommonPrefixes ?? [])
        if (p.Prefix) names.push(p.Prefix.slice(prefix.length).replace(/\/$/, ''));
    });
    return names.sort();
  }

  async listFiles(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    await this.list(prefix, '/', (page) => {
      for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
    });
    return keys.sort();
  }

  async read(key: string): Promise<Buffer> {
    const { GetObjectCommand } = await import('@aws-sdk/client-s3');
    const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return Buffer.from(await out.Body!.transformToByteArray());
  }

  async signature(key: string): Promise<string | undefined> {
    const { HeadObjectCommand } = await import('@aws-sdk/client-s3');
    const out = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
    return out.Metadata?.signature;
  }

  private async list(
    prefix: string,
    delimiter: string,
    onPage: (page: import('@aws-sdk/client-s3').ListObjectsV2CommandOutput) => void,
  ): Promise<void> {
    const { ListObjectsV2Command } = await import('@aws-sdk/client-s3');
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix,
          Delimiter: delimiter,
          ContinuationToken: token,
        }),
      );
      onPage(page);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
}
