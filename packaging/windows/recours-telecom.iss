; Recours Télécom: per-user Windows installer (Inno Setup 6).
;
;   "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\recours-telecom.iss
;
; Input: dist\RecoursTelecom\ built by "py packaging\build.py" (PyInstaller, one folder).
; Output: dist\installer\RecoursTelecom-<version>-setup.exe.
; No administrator rights: installs in %LOCALAPPDATA%\Programs\Recours Télécom, Start menu
; entry for the current user, optional desktop icon, French wizard, uninstaller (Settings >
; Apps). The user's cases (%LOCALAPPDATA%\RecoursTelecom) are never touched by the
; uninstaller. This file is UTF-8 with a byte order mark: Inno Setup 6 needs the BOM to read
; "é" correctly. See docs/packaging.md.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Recours Télécom"
#define AppExe "RecoursTelecom.exe"
#define Root "..\.."

[Setup]
; AppId identifies the application for updates and uninstallation: never change it.
AppId={{6F3B2A8E-4C1D-4E7A-9B52-8D0C3E7F1A64}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersion}
VersionInfoDescription={#AppName} (installation)
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\{#AppName}
DisableDirPage=auto
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
OutputDir={#Root}\dist\installer
OutputBaseFilename=RecoursTelecom-{#AppVersion}-setup
SetupIconFile={#Root}\assets\icons\recours-telecom.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; An update or an uninstallation first asks to close a running Recours Télécom.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "french"; MessagesFile: "compiler:Languages\French.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An update replaces the libraries entirely: no file of an older version stays behind.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Root}\dist\RecoursTelecom\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Comment: "Litiges télécoms : délais, courriers, dossier pour le médiateur"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
