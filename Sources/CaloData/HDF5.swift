import _CHDF5
import Foundation

/// A thin, serialised wrapper over the HDF5 C library.
///
/// Debian's serial HDF5 is not thread-safe, so every call goes through one process-wide lock.
enum HDF5 {
    static let lock = NSRecursiveLock()
    nonisolated(unsafe) private static var initialised = false

    /// Runs `body` holding the HDF5 lock (HDF5 initialised, automatic error printing off).
    static func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        if !initialised {
            H5open()
            calosim_h5_silence_errors()
            initialised = true
        }
        return try body()
    }

    /// An HDF5 identifier closed by `close` when the handle is released.
    final class Handle {
        let id: hid_t
        private let close: (hid_t) -> herr_t
        init(_ id: hid_t, close: @escaping (hid_t) -> herr_t) {
            self.id = id
            self.close = close
        }
        deinit { HDF5.locked { _ = close(id) } }
    }

    /// Writes a variable-length UTF-8 string attribute on an object.
    static func writeStringAttribute(_ object: hid_t, name: String, value: String) -> Bool {
        let type = H5Tcopy(calosim_H5T_C_S1())
        defer { H5Tclose(type) }
        H5Tset_size(type, calosim_H5T_VARIABLE())
        H5Tset_cset(type, calosim_H5T_CSET_UTF8())
        let space = H5Screate(H5S_SCALAR)
        defer { H5Sclose(space) }
        let attr = H5Acreate2(object, name, type, space, calosim_H5P_DEFAULT(), calosim_H5P_DEFAULT())
        guard attr >= 0 else { return false }
        defer { H5Aclose(attr) }
        return value.withCString { cstr -> Bool in
            var pointer: UnsafePointer<CChar>? = cstr
            return H5Awrite(attr, type, &pointer) >= 0
        }
    }

    /// Writes a 64-bit integer attribute.
    static func writeIntAttribute(_ object: hid_t, name: String, value: Int64) -> Bool {
        let space = H5Screate(H5S_SCALAR)
        defer { H5Sclose(space) }
        let attr = H5Acreate2(object, name, calosim_H5T_NATIVE_INT64(), space, calosim_H5P_DEFAULT(), calosim_H5P_DEFAULT())
        guard attr >= 0 else { return false }
        defer { H5Aclose(attr) }
        var v = value
        return H5Awrite(attr, calosim_H5T_NATIVE_INT64(), &v) >= 0
    }

    /// Reads a string attribute (variable or fixed length), or nil when absent or not a string.
    static func readStringAttribute(_ object: hid_t, name: String) -> String? {
        guard H5Aexists(object, name) > 0 else { return nil }
        let attr = H5Aopen(object, name, calosim_H5P_DEFAULT())
        guard attr >= 0 else { return nil }
        defer { H5Aclose(attr) }
        let fileType = H5Aget_type(attr)
        defer { H5Tclose(fileType) }
        guard H5Tget_class(fileType) == H5T_STRING else { return nil }
        if H5Tis_variable_str(fileType) > 0 {
            let memType = H5Tcopy(calosim_H5T_C_S1())
            defer { H5Tclose(memType) }
            H5Tset_size(memType, calosim_H5T_VARIABLE())
            H5Tset_cset(memType, H5Tget_cset(fileType))
            var pointer: UnsafeMutablePointer<CChar>? = nil
            guard H5Aread(attr, memType, &pointer) >= 0, let p = pointer else { return nil }
            defer { H5free_memory(p) }
            return String(cString: p)
        }
        let size = H5Tget_size(fileType)
        guard size <= maximumStringAttributeBytes else { return nil }
        var buffer = [CChar](repeating: 0, count: size + 1)
        let memType = H5Tcopy(calosim_H5T_C_S1())
        defer { H5Tclose(memType) }
        H5Tset_size(memType, size + 1)
        guard H5Aread(attr, memType, &buffer) >= 0 else { return nil }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Reads an integer attribute, or nil when absent.
    static func readIntAttribute(_ object: hid_t, name: String) -> Int64? {
        guard H5Aexists(object, name) > 0 else { return nil }
        let attr = H5Aopen(object, name, calosim_H5P_DEFAULT())
        guard attr >= 0 else { return nil }
        defer { H5Aclose(attr) }
        let type = H5Aget_type(attr)
        defer { H5Tclose(type) }
        guard H5Tget_class(type) == H5T_INTEGER else { return nil }
        var v: Int64 = 0
        return H5Aread(attr, calosim_H5T_NATIVE_INT64(), &v) >= 0 ? v : nil
    }

    /// Names of every attribute of an object, in name order.
    static func attributeNames(_ object: hid_t) -> [String] {
        var info = H5O_info_t()
        guard H5Oget_info_by_name1(object, ".", &info, calosim_H5P_DEFAULT()) >= 0 else { return [] }
        let count = Int(info.num_attrs)
        guard count > 0 else { return [] }
        return (0..<count).compactMap { i -> String? in
            let size = H5Aget_name_by_idx(object, ".", H5_INDEX_NAME, H5_ITER_INC, hsize_t(i), nil, 0, calosim_H5P_DEFAULT())
            guard size > 0 else { return nil }
            var buffer = [CChar](repeating: 0, count: Int(size) + 1)
            H5Aget_name_by_idx(object, ".", H5_INDEX_NAME, H5_ITER_INC, hsize_t(i), &buffer, Int(size) + 1, calosim_H5P_DEFAULT())
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// The longest fixed-length string attribute read (a geometry's JSON is some 20 kB); a
    /// longer one in a damaged file is treated as absent instead of allocated.
    static let maximumStringAttributeBytes = 1 << 24

    /// Dimensions of a dataset; a dimension beyond Int.max (a damaged file) reads as -1.
    static func dimensions(_ dataset: hid_t) -> [Int] {
        let space = H5Dget_space(dataset)
        defer { H5Sclose(space) }
        let rank = Int(H5Sget_simple_extent_ndims(space))
        guard rank > 0 else { return [] }
        var dims = [hsize_t](repeating: 0, count: rank)
        H5Sget_simple_extent_dims(space, &dims, nil)
        return dims.map { Int(exactly: $0) ?? -1 }
    }
}
