use super::*;

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Asserts that `err` is the permission-denied message for `path` and that `path` still holds
/// its old content.
fn assert_old_file_kept(err: &OutputError, path: &Path) {
    assert_eq!(
        err.to_string(),
        format!(
            "could not write {}: Permission denied (os error 13); \
             is the folder read-only, or the file open in another program?",
            path.display()
        )
    );
    assert_eq!(fs::read_to_string(path).expect("read"), "old");
}

#[test]
fn writes_and_replaces_a_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("scores.csv");
    write_atomic(&path, |w| w.write_all(b"old")).expect("first write");
    write_atomic(&path, |w| w.write_all(b"new")).expect("second write");
    assert_eq!(fs::read(&path).expect("read"), b"new");
    assert_eq!(files_in(dir.path()), ["scores.csv"]);
}

#[test]
fn stale_temp_files_of_a_killed_run_are_removed_fresh_ones_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("scores.csv");
    let put = |name: &str, age: Duration| {
        let file = fs::File::create(dir.path().join(name)).expect("create");
        file.set_modified(SystemTime::now() - age)
            .expect("set time");
    };
    let old = STALE_TEMP_AGE + Duration::from_secs(60);
    put(".scores.csv.aB3xY9.tmp", old); // left by a killed run
    put(".scores.csv.Zz0000.tmp", Duration::ZERO); // a run still writing
    put(".answers.csv.aB3xY9.tmp", old); // another output's: its own write cleans it
    put(".scores.csv.notours.tmp", old);
    put("scores.csv.tmp", old);
    write_atomic(&path, |w| w.write_all(b"new")).expect("write");
    assert_eq!(
        files_in(dir.path()),
        [
            ".answers.csv.aB3xY9.tmp",
            ".scores.csv.Zz0000.tmp",
            ".scores.csv.notours.tmp",
            "scores.csv",
            "scores.csv.tmp"
        ]
    );
}

#[test]
fn creates_missing_folders() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("reports/x/scores.csv");
    write_atomic(&path, |w| w.write_all(b"a")).expect("write");
    assert_eq!(fs::read(&path).expect("read"), b"a");
}

#[test]
fn failing_writer_leaves_old_file_and_no_temp_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("scores.csv");
    fs::write(&path, "old").expect("seed");
    let err = write_atomic(&path, |w| {
        w.write_all(b"half of the new")?;
        Err(io::Error::from_raw_os_error(28))
    })
    .expect_err("must fail");
    assert_eq!(
        err.to_string(),
        format!(
            "could not write {}: No space left on device (os error 28)",
            path.display()
        )
    );
    assert_eq!(fs::read_to_string(&path).expect("read"), "old");
    assert_eq!(files_in(dir.path()), ["scores.csv"]);
}

#[cfg(unix)]
#[test]
fn read_only_folder_fails_clearly_and_keeps_old_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("reports");
    fs::create_dir(&folder).expect("mkdir");
    let path = folder.join("scores.csv");
    fs::write(&path, "old").expect("seed");
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o555)).expect("chmod");
    // Root ignores directory permissions: the check is meaningless there.
    let probe = folder.join("probe");
    if fs::write(&probe, "x").is_ok() {
        fs::remove_file(&probe).expect("cleanup");
        fs::set_permissions(&folder, fs::Permissions::from_mode(0o755)).expect("chmod");
        eprintln!("skipped: running with permission to write a read-only folder");
        return;
    }
    let err = write_atomic(&path, |w| w.write_all(b"new")).expect_err("must fail");
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o755)).expect("chmod");
    assert_old_file_kept(&err, &path);
    assert_eq!(files_in(&folder), ["scores.csv"]);
}

/// The read-only folder test above cannot fail as root (CI runs as
/// root); this one checks the same message and guarantees everywhere.
#[test]
fn permission_denied_message_and_old_file_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("scores.csv");
    fs::write(&path, "old").expect("seed");
    let err =
        write_atomic(&path, |_| Err(io::Error::from_raw_os_error(13))).expect_err("must fail");
    assert_eq!(err.kind(), io::ErrorKind::PermissionDenied);
    assert_old_file_kept(&err, &path);
    assert_eq!(files_in(dir.path()), ["scores.csv"]);
}

#[test]
fn folder_that_cannot_be_created_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let blocker = dir.path().join("reports");
    fs::write(&blocker, "a file, not a folder").expect("seed");
    let path = blocker.join("x/scores.csv");
    let err = write_atomic(&path, |w| w.write_all(b"new")).expect_err("must fail");
    assert_eq!(
        err.to_string(),
        format!(
            "could not create the folder {}: {} is a file, not a folder",
            blocker.join("x").display(),
            blocker.display()
        )
    );
}

#[cfg(unix)]
#[test]
fn new_file_is_not_private_and_replacement_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("scores.csv");
    write_atomic(&path, |w| w.write_all(b"a")).expect("write");
    let mode = fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o644);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).expect("chmod");
    write_atomic(&path, |w| w.write_all(b"b")).expect("write");
    let mode = fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

#[test]
fn records_and_encoded_bytes_keep_their_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("out.csv");
    let mut f = AtomicFile::csv(&path).expect("start");
    f.write_record(["id", "score"]).expect("header");
    f.write_encoded(b"a,1.0\r\nb,2.0\r\n").expect("encoded");
    f.write_record(["c", "3.0"]).expect("record");
    f.write_encoded(b"d,4.0\r\n").expect("encoded");
    assert!(!path.exists(), "nothing at the path before commit");
    f.commit().expect("commit");
    assert_eq!(
        fs::read(&path).expect("read"),
        "\u{feff}id,score\r\na,1.0\r\nb,2.0\r\nc,3.0\r\nd,4.0\r\n".as_bytes()
    );
}

#[test]
fn a_large_file_is_synced_while_written_and_committed_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.csv");
    let mut f = AtomicFile::csv(&path).expect("start");
    let mut expected = "\u{feff}".as_bytes().to_vec();
    // Past the 256 KiB buffer, so that the file itself gets more than the sync interval.
    for n in 0..40_000 {
        let row = format!("r{n:05},{}.5\r\n", n % 100);
        f.write_encoded(row.as_bytes()).expect("encoded");
        expected.extend_from_slice(row.as_bytes());
    }
    assert!(
        f.syncing(),
        "past {SYNC_EVERY} bytes, a thread syncs the file"
    );
    assert!(!path.exists(), "nothing at the path before commit");
    f.commit().expect("commit");
    assert_eq!(fs::read(&path).expect("read"), expected);
}
