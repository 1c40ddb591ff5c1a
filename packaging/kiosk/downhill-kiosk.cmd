@echo off
rem Starts the Downhill kiosk and starts it again whenever it stops with an
rem error. Leaving with the exit chord (exit status 0) ends the loop.
rem Windows Pro (no Shell Launcher): put a shortcut to this file in the kiosk
rem account's Startup folder (Win+R, shell:startup) and let the account sign in
rem automatically. Keep this file in the downhill folder's setup subfolder.
:again
"%~dp0..\downhill.exe" --kiosk
if errorlevel 1 (
    timeout /t 2 /nobreak >nul
    goto again
)
