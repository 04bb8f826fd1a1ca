// The desktop app: lifecycle, the window and its security settings. Everything else is plain Node.
import { app, BrowserWindow, dialog, Menu, screen, session, shell, type WebContents } from 'electron';
import { join } from 'node:path';
import { FILE_EXTENSION } from '../shared/recording/format';
import { DeckService, type FileDialogs } from './api/deck-service';
import { openAppDatabase } from './app/app-database';
import { runMcpStdioMode } from './app/mcp-stdio-mode';
import { keychainSecrets as secrets } from './app/secrets';
import { CONTENT_SECURITY_POLICY, devContentSecurityPolicy } from './host/csp';
import { PathGrants } from './api/path-grants';
import { bindIpc, forwardEvents, IPC_EVENT } from './ipc';
import { AppMcpEndpoint } from './mcp/app-mcp-endpoint';
import { APP_DIR_NAME, DATABASE_FILE, defaultUserDataDir } from './recorder/paths';
import { OpenedFiles, recordingPaths } from './shell/opened-files';
import { appMode } from './shell/app-command-line';
import { oneAtATime } from './shell/one-at-a-time';
import { afterSettling } from './shell/settle';
import { RendererRecovery, type RecoveryStep } from './shell/renderer-recovery';
import { isAppPage, rendererEntry } from './shell/renderer-location';
import { describeStartupFailure } from './shell/startup-failure';
import { fitToScreens, type SavedBounds } from './shell/window-bounds';

app.setName(APP_DIR_NAME);
// the same folder `npm run record` and `npm run mcp` use (recorder/paths.ts), whatever package.json's name says
app.setPath('userData', defaultUserDataDir());

let win: BrowserWindow | undefined;
let service: DeckService | undefined;
const mcp = new AppMcpEndpoint();
const entry = rendererEntry({ packaged: app.isPackaged, devUrl: process.env.ELECTRON_RENDERER_URL, indexHtml: join(__dirname, '../renderer/index.html') });

// opened files wait until the renderer takes them (app.takeOpenedFiles), then go out as events
const openedFiles = new OpenedFiles((path) => {
  if (!win || win.isDestroyed()) return false;
  win.webContents.send(IPC_EVENT, { type: 'app.openFile', path });
  return true;
});

/** the files the window may name: those the OS opened with the app and those dropped on it */
const pathGrants = new PathGrants();

function openFile(path: string): void {
  pathGrants.grant(path);
  openedFiles.add(path);
  // macOS keeps running without a window: opening a file brings one back
  if (service && app.isReady() && (!win || win.isDestroyed())) void createWindow().catch(windowFailed);
}

const dialogs: FileDialogs = {
  async save(defaultName, kind) {
    const r = await dialog.showSaveDialog(win!, {
      defaultPath: join(app.getPath('documents'), defaultName),
      filters:
        kind === 'recording'
          ? [{ name: 'Arthas Deck recording', extensions: [FILE_EXTENSION] }]
          : kind === 'report'
            ? [{ name: 'HTML report', extensions: ['html'] }]
            : kind === 'cast'
              ? [{ name: 'asciicast (asciinema)', extensions: ['cast'] }]
              : [{ name: 'All files', extensions: ['*'] }],
    });
    return r.canceled ? null : (r.filePath ?? null);
  },
  async open() {
    const r = await dialog.showOpenDialog(win!, { properties: ['openFile'], filters: [{ name: 'Arthas Deck recording', extensions: [FILE_EXTENSION] }, { name: 'asciicast (asciinema)', extensions: ['cast'] }] });
    return r.canceled ? null : (r.filePaths[0] ?? null);
  },
};

/** the URL the window reported when it navigated to the app's page (navigation away is refused) */
let loadedUrl: string | undefined;

function isTrusted(sender: WebContents, frameUrl: string): boolean {
  return !!win && !win.isDestroyed() && sender === win.webContents && isAppPage(frameUrl, entry, process.platform, loadedUrl);
}

/** A window that could not be made (or its page not loaded) is reported, never an unhandled rejection. */
function windowFailed(e: unknown): void {
  dialog.showErrorBox('Arthas Deck could not open its window', `${(e as Error).message ?? String(e)}\n\nRecording goes on; open the window again from the dock or by starting the app once more.`);
}

/** One window creation at a time (open-file and activate may both ask on macOS). */
const createWindow = oneAtATime(async (): Promise<void> => {
  if (win && !win.isDestroyed()) return;
  const saved = ((await service!.call('settings.get', { key: 'window' })) ?? {}) as SavedBounds;
  // the saved place only if a screen still shows it (a monitor may have been unplugged)
  const bounds = fitToScreens(saved, screen.getAllDisplays().map((d) => d.workArea));
  win = new BrowserWindow({
    width: bounds.width,
    height: bounds.height,
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
  if (saved.maximized) win.maximize();
  win.once('ready-to-show', () => win?.show());
  // the window's place, written once a drag or a resize has ended (not once per frame of it), and as it closes
  const place = afterSettling(() => {
    if (!win || win.isDestroyed()) return;
    void service?.call('settings.set', { key: 'window', value: { ...win.getNormalBounds(), maximized: win.isMaximized() } });
  }, 500);
  win.on('resize', () => place.poke());
  win.on('move', () => place.poke());
  win.on('close', () => {
    place.poke();
    place.flush();
  });
  win.on('closed', () => {
    openedFiles.pause();
    win = undefined;
  });
  // the page gone (a crash, killed, out of memory) or not loaded: said, loaded again (recording goes
  // on in main); files opened meanwhile wait for the new page to take them (app.takeOpenedFiles)
  const w = win;
  const recovery = new RendererRecovery();
  const recover = (step: RecoveryStep | null): void => {
    if (!step || w.isDestroyed()) return;
    void dialog.showMessageBox(w, { type: 'warning', title: 'Arthas Deck', message: step.message });
    if (step.reload) w.webContents.reload();
  };
  w.webContents.on('did-start-loading', () => openedFiles.pause());
  w.webContents.on('render-process-gone', (_e, details) => {
    openedFiles.pause();
    recover(recovery.gone(details.reason, details.exitCode));
  });
  w.webContents.on('did-fail-load', (_e, code, description, url, isMainFrame) => {
    if (isMainFrame) recover(recovery.failedLoad(code, description, url));
  });
  // no navigation away from the app, no new windows; http(s) links go to the system browser
  win.webContents.on('will-navigate', (e, url) => {
    if (url !== win?.webContents.getURL()) e.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  // the first navigation is the app's own page (loaded here; navigating away is refused above): its
  // URL as the window spells it, known before the page's scripts make their first call
  win.webContents.once('did-navigate', (_e, url) => (loadedUrl = url));
  if (entry.kind === 'dev') await win.loadURL(entry.url);
  else await win.loadFile(entry.path);
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

/** The desktop app: one instance, its window, the files the OS asks it to open. */
function startWindowedApp(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (e) => e.preventDefault());
  });

  app.on('second-instance', (_e, argv, workingDirectory) => {
    // a relative path means relative to where the second instance was started
    for (const f of recordingPaths(argv.slice(1), workingDirectory)) openFile(f);
    if (win && !win.isDestroyed()) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.on('open-file', (e, path) => {
    e.preventDefault();
    openFile(path);
  });

  // the first instance's own command line (a double-clicked file while the app was closed)
  for (const f of recordingPaths(process.argv.slice(1), process.cwd())) openedFiles.add(f);

  void app.whenReady().then(async () => {
    const dbPath = join(app.getPath('userData'), DATABASE_FILE);
    try {
      buildMenu();
      session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
      // the strict policy everywhere; npm run dev's page only relaxes what Vite's dev client needs
      const policy = entry.kind === 'dev' ? devContentSecurityPolicy(entry.url) : CONTENT_SECURITY_POLICY;
      session.defaultSession.webRequest.onHeadersReceived((details, cb) => {
        cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } });
      });
      const db = openAppDatabase(dbPath);
      service = new DeckService({ db, databasePath: dbPath, mode: 'electron', version: app.getVersion(), secrets, dialogs, openedFiles, paths: pathGrants, mcpEndpoint: () => mcp.endpoint, mcpProblem: () => mcp.problem });
      bindIpc(service, pathGrants, isTrusted);
      forwardEvents(service, () => (win && !win.isDestroyed() ? win.webContents : undefined));
      await createWindow();
      // the MCP server over HTTP on 127.0.0.1, when the user turned it on (off by default; read at start),
      // on its own: its failure is the Assistant panel's to show, never the app's end
      const deck = service;
      if ((await deck.call('settings.get', { key: 'mcp.http' })) === true) {
        void mcp.start(deck, {
          version: app.getVersion(),
          secrets,
          settings: { get: (key) => deck.call('settings.get', { key }), set: async (key, value) => void (await deck.call('settings.set', { key, value })) },
        });
        app.on('will-quit', () => void mcp.close());
      }
    } catch (e) {
      // a locked, damaged or newer database, a native module built for another runtime: say what and where
      const { title, message } = describeStartupFailure(e, dbPath);
      dialog.showErrorBox(title, message);
      app.exit(1);
      return;
    }
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) void createWindow().catch(windowFailed);
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
}

// what this start is for: the window, or (--mcp-stdio) an assistant's MCP server with none
const mode = appMode(process.argv, process.cwd());
if (mode.kind === 'usage-error') {
  process.stderr.write(`${mode.message}\n`);
  app.exit(2);
} else if (mode.kind === 'mcp-stdio') {
  // no window, no single-instance lock: an assistant's MCP server beside the open app
  void runMcpStdioMode(mode.db ?? join(app.getPath('userData'), DATABASE_FILE));
} else startWindowedApp();
