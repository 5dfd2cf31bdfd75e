; Registers the sealroom: URL scheme at install time, so room links open Sealroom before its first launch.
; SHELL_CONTEXT is HKCU for a per-user install and HKLM for /allusers, matching where Sealroom was installed.
!macro customInstall
  WriteRegStr SHELL_CONTEXT "Software\Classes\sealroom" "" "URL:Sealroom room link"
  WriteRegStr SHELL_CONTEXT "Software\Classes\sealroom" "URL Protocol" ""
  WriteRegStr SHELL_CONTEXT "Software\Classes\sealroom\DefaultIcon" "" "$appExe,0"
  WriteRegStr SHELL_CONTEXT "Software\Classes\sealroom\shell\open\command" "" '"$appExe" "%1"'
!macroend

!macro customUnInstall
  DeleteRegKey SHELL_CONTEXT "Software\Classes\sealroom"
!macroend
