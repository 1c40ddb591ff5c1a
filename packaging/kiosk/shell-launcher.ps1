# Makes Downhill the whole desktop of one Windows account, started again if
# it ever fails. Needs Windows 10/11 Enterprise, Education or IoT Enterprise
# (Shell Launcher). Run in an administrator PowerShell, then sign in as the
# kiosk account (set it to sign in automatically).
#
#   powershell -ExecutionPolicy Bypass -File shell-launcher.ps1 -Account kiosk -Exe C:\Downhill\downhill.exe
param(
    [string]$Account = "kiosk",
    [string]$Exe = "C:\Downhill\downhill.exe"
)
$ErrorActionPreference = "Stop"

Enable-WindowsOptionalFeature -Online -FeatureName Client-EmbeddedShellLauncher -All -NoRestart | Out-Null

$sid = (New-Object System.Security.Principal.NTAccount($Account)).Translate(
    [System.Security.Principal.SecurityIdentifier]).Value
$shellLauncher = [wmiclass]"\\localhost\root\standardcimv2\embedded:WESL_UserSetting"
$shellLauncher.SetEnabled($true) | Out-Null

# Shell Launcher's actions when the shell exits: 0 start it again, 3 do nothing.
$restartShell = 0
$doNothing = 3
# Exit status 0 is the operator leaving with the exit chord: stay out.
# Anything else (a crash) starts Downhill again.
$shellLauncher.SetCustomShell($sid, "`"$Exe`" --kiosk", @(0), @($doNothing), $restartShell) | Out-Null
# Every other account keeps the normal desktop.
$shellLauncher.SetDefaultShell("explorer.exe", $restartShell) | Out-Null

Write-Host "Downhill is now the shell of '$Account'. Restart the computer to finish."
