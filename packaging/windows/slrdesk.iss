; Inno Setup script for SLR Desk on Windows: installs the PyInstaller folder that
; `py packaging\build` makes in dist\slrdesk (packaging/build runs this when iscc is on PATH).
; Per-user install by default (no administrator needed); the setup offers all-users too.
; NOT BUILT OR TESTED HERE: see packaging/README.md.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

[Setup]
AppId={{6F1D3B8E-2C57-4E5A-9A0B-5D3C2E7F1A42}
AppName=SLR Desk
AppVersion={#AppVersion}
AppPublisher=SLR Desk
DefaultDirName={autopf}\SLR Desk
DefaultGroupName=SLR Desk
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=slrdesk-{#AppVersion}-windows-x64-setup
SetupIconFile=slrdesk.ico
UninstallDisplayIcon={app}\SLR Desk.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked

[Files]
Source: "..\..\dist\slrdesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\SLR Desk"; Filename: "{app}\SLR Desk.exe"
Name: "{group}\Check SLR Desk (self-test)"; Filename: "{app}\slrdesk.exe"; Parameters: "self-test"
Name: "{group}\Licences"; Filename: "{app}\licenses\README.txt"
Name: "{autodesktop}\SLR Desk"; Filename: "{app}\SLR Desk.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\SLR Desk.exe"; Description: "Start SLR Desk"; Flags: nowait postinstall skipifsilent
