using NfAtip.Link;
using NfAtip.Parameters;

namespace NfAtip.At
{
    /// <summary>
    /// The display commands of chapters 2–6: the group views (AT#VPHY … AT#VTCP), AT#VALL,
    /// AT#VVERSION and AT#VSTATE. Every line comes from the parameter table.
    /// </summary>
    public sealed class Displays
    {
        private readonly ResponseWriter _out;
        private readonly AtInterpreter _at;
        private readonly BoardIdentity _identity;
        private readonly LinkState _link;

        public Displays(ResponseWriter output, AtInterpreter interpreter, BoardIdentity identity, LinkState link)
        {
            _out = output;
            _at = interpreter;
            _identity = identity;
            _link = link;
        }

        /// <summary>AT#VPHY, AT#VPPP … : the group's parameters, one "#NAME: value" line each, then OK.</summary>
        public void ShowGroup(int group)
        {
            WriteGroup(group);
            _out.Ok();
        }

        /// <summary>AT#VALL: the version line, then every group in the spec's order, an empty line before each.</summary>
        public void ShowAll(int unused)
        {
            WriteVersion();
            // The table lists the groups in display order (a test keeps it so), so one pass over it shows them
            // all; a pass per group walked the 63 rows 12 times (12 000 IL on the board, issue H).
            ParamDef[] rows = ParameterTable.Rows;
            int group = -1;
            for (int i = 0; i < rows.Length; i++)
            {
                if (rows[i].Group != group)
                {
                    group = rows[i].Group;
                    _out.CrLf();
                }
                _at.WriteParameter(i);
            }
            _out.Ok();
        }

        /// <summary>AT#VVERSION: #VERSION: "&lt;name&gt;_&lt;version&gt; &lt;size&gt; &lt;build date&gt;".</summary>
        public void ShowVersion(int unused)
        {
            WriteVersion();
            _out.Ok();
        }

        /// <summary>
        /// What the flash stores' load at start-up found (a StoreRecovery value, spec decision S6); AT#VSTATE
        /// adds a #STORE line after the state while it is not None, until the board restarts.
        /// </summary>
        public int StoreRecovery;

        /// <summary>AT#VSTATE: #STATE: "IDLE" … or #NO SERVICE without radio coverage; then #STORE after a damaged store.</summary>
        public void ShowState(int unused)
        {
            string state = _link.StateName;
            if (state == null)
            {
                _out.Text("#NO SERVICE");
            }
            else
            {
                _out.Text("#STATE: \"");
                _out.Text(state);
                _out.Byte((byte)'"');
            }
            _out.CrLf();
            if (StoreRecovery != Storage.StoreRecovery.None)
            {
                _out.Text(StoreRecovery == Storage.StoreRecovery.Previous ? "#STORE: \"RECOVERED\"" : "#STORE: \"LOST\"");
                _out.CrLf();
            }
            _out.Ok();
        }

        private void WriteVersion()
        {
            _out.Text("#VERSION: \"");
            _out.Text(_identity.Name);
            _out.Byte((byte)'_');
            _out.Text(_identity.Version);
            _out.Byte((byte)' ');
            _out.Number(_identity.Size);
            _out.Byte((byte)' ');
            _out.Text(_identity.BuildDate);
            _out.Byte((byte)'"');
            _out.CrLf();
        }

        /// <summary>One group's rows without BODYn, which AT#VALL alone lists ("The BODY1 / BODY2 / BODY3 parameter values are not displayed" by AT#VMAILi).</summary>
        private void WriteGroup(int group)
        {
            ParamDef[] rows = ParameterTable.Rows;
            for (int i = 0; i < rows.Length; i++)
            {
                if (rows[i].Group != group) continue;
                if (rows[i].Kind == ParamKind.Body) continue;
                _at.WriteParameter(i);
            }
        }
    }
}
