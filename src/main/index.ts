// The desktop app: lifecycle, the window and its security settings. Everything else is plain Node.
import { app, BrowserWindow, dialog, Menu, safeStorage, session, shell, type WebContents } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FILE_EXTENSION } from '../shared/recording/format';
import { DeckService, type FileDialogs, type SecretBox } from './api/deck-service';
import { CONTENT_SECURITY_POLICY } from './host/csp';
import { bindIpc, forwardEvents } from './ipc';
import { openDatabase } from './recorder/db';
import { APP_DIR_NAME, DATABASE_FILE } from './recorder/paths';

app.setName(APP_DIR_NAME);
if (!app.requestSingleInstanceLock()) app.quit();

let win: BrowserWindow | undefined;
let service: DeckService | undefined;
const pendingFiles: string[] = [];

const recordingArg = (argv: string[]): string | undefined => argv.find((a) => a.endsWith(`.${FILE_EXTENSION}`) && existsSync(a));

function openFile(path: string): void {
  if (!service || !win) {
    pendingFiles.push(path);
    return;
  }
  win.webContents.send('deck:event', { type: 'app.openFile', path });
}

const secrets: SecretBox = {
  available: () => safeStorage.isEncryptionAvailable(),
  encrypt: (plain) => safeStorage.encryptString(plain),
  decrypt: (data) => safeStorage.decryptString(data),
};

const dialogs: FileDialogs = {
  async save(defaultName, kind) {
    const r = await dialog.showSaveDialog(win!, {
      defaultPath: join(app.getPath('documents'), defaultName),
      filters: kind === 'recording' ? [{ name: 'Arthas Deck recording', extensions: [FILE_EXTENSION] }] : [{ name: 'HTML report', extensions: ['html'] }],
    });
    return r.canceled ? null : (r.filePath ?? null);
  },
  async open() {
    const r = await dialog.showOpenDialog(win!, { properties: ['openFile'], filters: [{ name: 'Arthas Deck recording', extensions: [FILE_EXTENSION] }] });
    return r.canceled ? null : (r.filePaths[0] ?? null);
  },
};

function rendererUrl(): string {
  return process.env.ELECTRON_RENDERER_URL ?? `file://${join(__dirname, '../renderer/index.html')}`;
}

function isTrusted(sender: WebContents, frameUrl: string): boolean {
  return !!win && sender === win.webContents && (frameUrl.startsWith('file://') || (!!process.env.ELECTRON_RENDERER_URL && frameUrl.startsWith(process.env.ELECTRON_RENDERER_URL)));
}

async function createWindow(): Promise<void> {
  const bounds = ((await service!.call('settings.get', { key: 'window' })) ?? {}) as { width?: number; height?: number; x?: number; y?: number; maximized?: boolean };
  win = new BrowserWindow({
    width: bounds.width ?? 1280,
    height: bounds.height ?? 820,
    x: bounds.x,
    y: bounds.y,
    minWidth: 800,
    minHeight: 500,
    title: 'Arthas Deck',
    show: false,
    icon: join(__dirname, '../../resources/icon.png'),
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  if (bounds.maximized) win.maximize();
  win.once('ready-to-show', () => win?.show());
  const saveBounds = (): void => {
    if (!win || win.isDestroyed()) return;
    void service?.call('settings.set', { key: 'window', value: { ...win.getNormalBounds(), maximized: win.isMaximized() } });
  };
  win.on('resize', saveBounds);
  win.on('move', saveBounds);
  win.on('close', saveBounds);
  // no navigation away from the app, no new windows; http(s) links go to the system browser
  win.webContents.on('will-navigate', (e, url) => {
    if (url !== win?.webContents.getURL()) e.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  await win.loadURL(rendererUrl());
  for (const f of pendingFiles.splice(0)) openFile(f);
}

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-attach-webview', (e) => e.preventDefault());
});

app.on('second-instance', (_e, argv) => {
  const f = recordingArg(argv);
  if (f) openFile(f);
  if (win) {
    if (win.isMinimized()) win.restore();
    win.focus();
  }
});
app.on('open-file', (e, path) => {
  e.preventDefault();
  openFile(path);
});

function buildMenu(): void {
  const isMac = process.platform === 'darwin';
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      ...(isMac ? [{ role: 'appMenu' as const }] : []),
      {
        label: 'File',
        submenu: [
          {
            label: 'Import Recording…',
            accelerator: 'CmdOrCtrl+O',
            click: async () => {
              const path = await dialogs.open('recording');
              if (path) openFile(path);
            },
          },
          { type: 'separator' },
          isMac ? { role: 'close' as const } : { role: 'quit' as const },
        ],
      },
      { role: 'editMenu' },
      { role: 'viewMenu' },
      { role: 'windowMenu' },
    ]),
  );
}

void app.whenReady().then(async () => {
  buildMenu();
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  session.defaultSession.webRequest.onHeadersReceived((details, cb) => {
    cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  const dbPath = join(app.getPath('userData'), DATABASE_FILE);
  // better-sqlite3 built for Electron's ABI by scripts/prepare-electron.mjs (npm start); packaged apps carry their own
  const db = openDatabase(dbPath, { nativeBinding: join(app.getAppPath(), '.electron-native', 'better_sqlite3.node') });
  service = new DeckService({ db, databasePath: dbPath, mode: 'electron', version: app.getVersion(), secrets, dialogs });
  bindIpc(service, isTrusted);
  forwardEvents(service, () => win?.webContents);
  const f = recordingArg(process.argv);
  if (f) pendingFiles.push(f);
  await createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow();
  });
});

let quitting = false;
app.on('before-quit', (e) => {
  if (quitting || !service) return;
  e.preventDefault();
  quitting = true;
  // closes every Arthas session so no JVM keeps an orphan session for 3 hours
  void service.shutdown().finally(() => app.quit());
});
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
